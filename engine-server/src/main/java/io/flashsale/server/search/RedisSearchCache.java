package io.flashsale.server.search;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flashsale.gateway.search.ProductSearch;
import io.flashsale.gateway.search.SearchCache;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;

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
public final class RedisSearchCache implements SearchCache, AutoCloseable
{
    private static final String PREFIX = "flashsale:search:";
    private static final long WAIT_MILLIS = 50;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RedisClient redis;
    private final int ttlSeconds;
    /** Two threads and a bounded queue: when it is full, the lookup is a miss, never a growing backlog. */
    private final ExecutorService io = new java.util.concurrent.ThreadPoolExecutor(2, 2, 0, java.util.concurrent.TimeUnit.SECONDS,
        new java.util.concurrent.ArrayBlockingQueue<>(256), runnable ->
        {
            final Thread thread = new Thread(runnable, "search-cache");
            thread.setDaemon(true);
            return thread;
        }, new java.util.concurrent.ThreadPoolExecutor.DiscardPolicy());
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();

    public RedisSearchCache(final String url, final int ttlSeconds)
    {
        this.redis = RedisClient.create(url);
        this.ttlSeconds = ttlSeconds;
    }

    record Cached(int total, List<ProductSearch.Hit> hits)
    {
    }

    /** Completes within {@link #WAIT_MILLIS}: a slow Redis is a miss, never a slow search. */
    @Override
    public CompletableFuture<Optional<ProductSearch.Result>> get(final long generation, final int limit, final String query)
    {
        return CompletableFuture.supplyAsync(() -> lookUp(generation, limit, query), io)
            .completeOnTimeout(Optional.empty(), WAIT_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS)
            .exceptionally(ex -> Optional.empty());
    }

    private Optional<ProductSearch.Result> lookUp(final long generation, final int limit, final String query)
    {
        try
        {
            final String value = redis.get(key(generation, limit, query));
            final Cached cached = value == null ? null : JSON.readValue(value, new TypeReference<Cached>()
            {
            });
            if (cached == null || cached.hits() == null)
            {
                misses.incrementAndGet();
                return Optional.empty();
            }
            hits.incrementAndGet();
            return Optional.of(new ProductSearch.Result(cached.total(), cached.hits()));
        }
        catch (final JedisException | java.io.IOException ex)
        {
            misses.incrementAndGet();
            return Optional.empty();
        }
    }

    @Override
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
