package io.flashsale.server.redis;

import io.flashsale.engine.shard.AvailabilityReading;
import io.flashsale.engine.shard.EngineShard;
import io.flashsale.engine.shard.PublishedSku;
import io.flashsale.gateway.http.JsonResponses;
import io.flashsale.gateway.http.JsonViews;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Writes each SKU's availability to the Redis master: hash {@code flashsale:avail:{sku}} with
 * {@code sale available held sold stock version state}, and the same as JSON on channel
 * {@code flashsale:avail}. Signalled at the end of every ring batch; on its own thread it sends every
 * SKU whose version moved in <b>one pipelined round trip</b>, so a slow Redis coalesces batches
 * instead of queueing them and never slows the engine. A Lua script guards each write: a version
 * never replaces a newer one. Redis down: the engine and HTTP carry on from memory; on reconnect
 * everything is republished.
 */
public final class RedisAvailabilityPublisher implements AutoCloseable
{
    static final String CHANNEL = "flashsale:avail";
    static final String KEY_PREFIX = "flashsale:avail:";
    /**
     * KEYS[1] hash; ARGV sale version available held sold stock state json. Writes and publishes only
     * what is newer: a later sale (its id sorts after) replaces an earlier sale's copy whatever its
     * versions; within one sale a version never replaces a newer one; an earlier sale never writes.
     */
    static final String GUARDED_WRITE = """
        local sale = redis.call('HGET', KEYS[1], 'sale')
        if sale and sale > ARGV[1] then return 0 end
        if sale == ARGV[1] then
          local current = redis.call('HGET', KEYS[1], 'version')
          if current and tonumber(current) >= tonumber(ARGV[2]) then return 0 end
        end
        redis.call('HSET', KEYS[1], 'sale', ARGV[1], 'version', ARGV[2], 'available', ARGV[3], 'held', ARGV[4],
          'sold', ARGV[5], 'stock', ARGV[6], 'state', ARGV[7])
        redis.call('PUBLISH', '%s', ARGV[8])
        return 1
        """.formatted(CHANNEL);
    private static final long IDLE_PARK_NANOS = 100_000_000L;
    private static final long RETRY_NANOS = 500_000_000L;

    private final URI uri;
    private final String saleId;
    private final List<EngineShard> shards;
    private final Consumer<String> log;
    private final Map<String, Long> published = new HashMap<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean signalled;
    private volatile boolean connected;
    private volatile long oldestUnpublishedNanos;
    private Jedis jedis;
    private String scriptSha;

    /** @param saleId the data directory's sale (its copy replaces an earlier sale's). */
    public RedisAvailabilityPublisher(final String url, final String saleId, final List<EngineShard> shards,
        final Consumer<String> log)
    {
        this.uri = URI.create(url);
        this.saleId = saleId;
        this.shards = shards;
        this.log = log;
        this.thread = new Thread(this::run, "redis-publisher");
        thread.setDaemon(true);
        thread.start();
    }

    /** End of a ring batch (logic or completion thread): wake the publisher, allocate nothing. */
    public void signal()
    {
        if (!signalled)
        {
            signalled = true;
            if (oldestUnpublishedNanos == 0)
            {
                oldestUnpublishedNanos = System.nanoTime();
            }
            LockSupport.unpark(thread);
        }
    }

    public boolean connected()
    {
        return connected;
    }

    /** Seconds since the oldest change not yet in Redis (0 when all is published). */
    public double lagSeconds()
    {
        final long oldest = oldestUnpublishedNanos;
        return oldest == 0 ? 0 : (System.nanoTime() - oldest) / 1e9;
    }

    private void run()
    {
        signalled = true; // publish everything once at start
        while (running)
        {
            if (!signalled)
            {
                LockSupport.parkNanos(IDLE_PARK_NANOS);
            }
            if (!running)
            {
                break;
            }
            try
            {
                connect();
                signalled = false;
                publishChanged();
            }
            catch (final RuntimeException ex)
            {
                disconnect("Redis unavailable (" + ex.getMessage() + "): serving from memory, retrying");
                signalled = true;
                LockSupport.parkNanos(RETRY_NANOS);
            }
        }
        disconnect(null);
    }

    private void connect()
    {
        if (jedis != null)
        {
            return;
        }
        final Jedis fresh = new Jedis(uri, 2_000);
        try
        {
            scriptSha = fresh.scriptLoad(GUARDED_WRITE);
        }
        catch (final RuntimeException ex)
        {
            fresh.close();
            throw ex;
        }
        jedis = fresh;
        published.clear(); // whatever Redis lost while we were away is written again
        connected = true;
        log.accept("Redis master at " + uri.getHost() + ":" + uri.getPort() + " connected: publishing availability");
    }

    private void disconnect(final String why)
    {
        if (jedis != null)
        {
            try
            {
                jedis.close();
            }
            catch (final RuntimeException ignored)
            {
                // the connection is already gone
            }
            jedis = null;
            if (why != null && connected)
            {
                log.accept(why);
            }
        }
        connected = false;
    }

    private void publishChanged()
    {
        final long started = oldestUnpublishedNanos;
        final AvailabilityReading reading = new AvailabilityReading();
        final List<String> keys = new ArrayList<>();
        final List<Long> versions = new ArrayList<>();
        final List<redis.clients.jedis.Response<Object>> replies = new ArrayList<>();
        final Pipeline pipeline = jedis.pipelined();
        for (final EngineShard shard : shards)
        {
            for (final PublishedSku sku : shard.view().all())
            {
                sku.availability().readInto(reading);
                final Long sent = published.get(sku.sku());
                if (sent != null && sent == reading.version)
                {
                    continue;
                }
                replies.add(pipeline.evalsha(scriptSha, 1, KEY_PREFIX + sku.sku(), saleId, Long.toString(reading.version),
                    Integer.toString(reading.available), Integer.toString(reading.held), Integer.toString(reading.sold),
                    Integer.toString(reading.stock), reading.state.name(), json(sku.sku(), reading)));
                keys.add(sku.sku());
                versions.add(reading.version);
            }
        }
        pipeline.sync();
        for (int i = 0; i < keys.size(); i++)
        {
            // an error reply (NOSCRIPT after a flush or failover, READONLY, OOM) throws here: the SKU stays
            // unpublished, the connection is dropped and the next connection loads the script again
            replies.get(i).get();
            published.put(keys.get(i), versions.get(i));
        }
        if (oldestUnpublishedNanos == started)
        {
            oldestUnpublishedNanos = 0;
        }
    }

    private String json(final String sku, final AvailabilityReading reading)
    {
        try
        {
            final Map<String, Object> message = new java.util.LinkedHashMap<>(JsonViews.availability(sku, reading));
            message.put("sale", saleId);
            return JsonResponses.JSON.writeValueAsString(message);
        }
        catch (final com.fasterxml.jackson.core.JsonProcessingException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    @Override
    public void close()
    {
        running = false;
        LockSupport.unpark(thread);
        try
        {
            thread.join(5_000);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
