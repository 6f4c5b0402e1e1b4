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
 * {@code available held sold stock version state}, and the same as JSON on channel
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
    /** KEYS[1] hash; ARGV version available held sold stock state json. Writes and publishes only if newer. */
    static final String GUARDED_WRITE = """
        local current = redis.call('HGET', KEYS[1], 'version')
        if current and tonumber(current) >= tonumber(ARGV[1]) then return 0 end
        redis.call('HSET', KEYS[1], 'version', ARGV[1], 'available', ARGV[2], 'held', ARGV[3], 'sold', ARGV[4],
          'stock', ARGV[5], 'state', ARGV[6])
        redis.call('PUBLISH', '%s', ARGV[7])
        return 1
        """.formatted(CHANNEL);
    private static final long IDLE_PARK_NANOS = 100_000_000L;
    private static final long RETRY_NANOS = 500_000_000L;

    private final URI uri;
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

    public RedisAvailabilityPublisher(final String url, final List<EngineShard> shards, final Consumer<String> log)
    {
        this.uri = URI.create(url);
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
                replies.add(pipeline.evalsha(scriptSha, 1, KEY_PREFIX + sku.sku(), Long.toString(reading.version),
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

    private static String json(final String sku, final AvailabilityReading reading)
    {
        try
        {
            return JsonResponses.JSON.writeValueAsString(JsonViews.availability(sku, reading));
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
