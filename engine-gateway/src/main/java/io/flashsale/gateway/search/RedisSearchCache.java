package io.flashsale.gateway.search;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Search results cached in Redis by normalised query, with a TTL, so gateways share them. The key
 * carries the catalogue's generation (a hash of every product definition): when a product changes,
 * its generation changes and the old entries are simply never read again (the TTL clears them).
 * Only SKUs and scores are cached: availability is always added live. Redis I/O runs on a small pool
 * of its own, never on an event loop; Redis down means a cache miss, never an error.
 */
public final class RedisSearchCache implements AutoCloseable
{
    private static final String PREFIX = "flashsale:search:";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RedisClient redis;
    private final int ttlSeconds;
    private final ExecutorService io = Executors.newFixedThreadPool(2, runnable ->
    {
        final Thread thread = new Thread(runnable, "search-cache");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();

    public RedisSearchCache(final String url, final int ttlSeconds)
    {
        final URI uri = URI.create(url);
        this.redis = RedisClient.create(uri.getHost(), uri.getPort());
        this.ttlSeconds = ttlSeconds;
    }

    record Cached(int total, List<ProductSearch.Hit> hits)
    {
    }

    public CompletableFuture<Optional<ProductSearch.Result>> get(final long generation, final int limit, final String query)
    {
        return CompletableFuture.supplyAsync(() ->
        {
            try
            {
                final String value = redis.get(key(generation, limit, query));
                if (value == null)
                {
                    misses.incrementAndGet();
                    return Optional.empty();
                }
                final Cached cached = JSON.readValue(value, new TypeReference<Cached>()
                {
                });
                hits.incrementAndGet();
                return Optional.of(new ProductSearch.Result(cached.total(), cached.hits()));
            }
            catch (final JedisException | java.io.IOException ex)
            {
                misses.incrementAndGet();
                return Optional.empty();
            }
        }, io);
    }

    public void put(final long generation, final int limit, final String query, final ProductSearch.Result result)
    {
        io.execute(() ->
        {
            try
            {
                redis.setex(key(generation, limit, query), ttlSeconds,
                    JSON.writeValueAsString(new Cached(result.total(), result.hits())));
            }
            catch (final JedisException | java.io.IOException ignored)
            {
                // a cache that cannot be written is a cache miss next time
            }
        });
    }

    public long hits()
    {
        return hits.get();
    }

    public long misses()
    {
        return misses.get();
    }

    private static String key(final long generation, final int limit, final String query)
    {
        return PREFIX + Long.toHexString(generation) + ":" + limit + ":" + query;
    }

    @Override
    public void close()
    {
        io.shutdownNow();
        redis.close();
    }
}
