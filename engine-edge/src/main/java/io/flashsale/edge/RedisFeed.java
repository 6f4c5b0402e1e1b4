package io.flashsale.edge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flashsale.engine.command.SaleState;
import io.flashsale.engine.shard.AvailabilityReading;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The Redis master's change feed: subscribed to {@code flashsale:avail}, then (so that no change
 * falls between) every known SKU's hash {@code flashsale:avail:{sku}} read once, then every message
 * offered to the edge's cells. Only a master is followed: a URL naming a replica is refused, since a
 * replica's copy may be behind. Up means subscribed and answering pings: a master that stops
 * answering (paused, cut off) is down within {@link #PONG_NANOS}, and the edge asks the groups.
 */
final class RedisFeed implements AutoCloseable
{
    static final String CHANNEL = "flashsale:avail";
    static final String KEY_PREFIX = "flashsale:avail:";
    private static final long PONG_NANOS = 1_500_000_000L;
    private static final long RETRY_MILLIS = 500;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI uri;
    private final EdgeAvailability availability;
    /** Told of a SKU the feed names and the edge does not know: a product new at its group. */
    private final Consumer<String> unknownSku;
    private final Consumer<String> log;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Subscription subscription;
    private volatile long lastPongNanos;

    RedisFeed(final String redisUrl, final EdgeAvailability availability, final Consumer<String> unknownSku,
        final Consumer<String> log)
    {
        this.uri = URI.create(redisUrl);
        this.availability = availability;
        this.unknownSku = unknownSku;
        this.log = log;
        this.thread = new Thread(this::run, "redis-feed");
        this.thread.setDaemon(true);
    }

    void start()
    {
        thread.start();
    }

    /** Subscribed, seeded, and a pong seen lately. */
    boolean up()
    {
        return subscription != null && System.nanoTime() - lastPongNanos < PONG_NANOS;
    }

    /** The watch thread, at every look: a ping, whose pong keeps the feed up. */
    void ping()
    {
        final Subscription current = subscription;
        if (current != null)
        {
            try
            {
                current.ping();
            }
            catch (final RuntimeException ex)
            {
                // the subscriber's own read fails too and reconnects
            }
        }
    }

    private void run()
    {
        boolean said = false;
        while (running)
        {
            try (Jedis reads = new Jedis(uri); Jedis subscriber = new Jedis(uri))
            {
                final String role = reads.info("replication");
                if (!role.contains("role:master"))
                {
                    throw new IllegalStateException(uri.getHost() + ":" + uri.getPort() +
                        " is not a Redis master: an edge never serves a replica's copy");
                }
                said = false;
                subscriber.subscribe(new Subscription(reads), CHANNEL); // returns when the connection ends
            }
            catch (final RuntimeException ex)
            {
                if (!said && running)
                {
                    log.accept("edge: Redis feed down (" + ex.getMessage() + "): availability is asked of the groups; retrying");
                    said = true;
                }
            }
            subscription = null;
            sleep();
        }
    }

    private void seed(final Jedis reads)
    {
        final List<EdgeAvailability.EdgeSku> skus = availability.all();
        final Pipeline pipeline = reads.pipelined();
        final List<Response<Map<String, String>>> hashes = new ArrayList<>(skus.size());
        for (final EdgeAvailability.EdgeSku sku : skus)
        {
            hashes.add(pipeline.hgetAll(KEY_PREFIX + sku.published.sku()));
        }
        pipeline.sync();
        final AvailabilityReading reading = new AvailabilityReading();
        for (int i = 0; i < skus.size(); i++)
        {
            final Map<String, String> hash = hashes.get(i).get();
            if (hash.containsKey("version"))
            {
                reading.stock = Integer.parseInt(hash.get("stock"));
                reading.available = Integer.parseInt(hash.get("available"));
                reading.held = Integer.parseInt(hash.get("held"));
                reading.sold = Integer.parseInt(hash.get("sold"));
                reading.version = Long.parseLong(hash.get("version"));
                reading.state = SaleState.valueOf(hash.get("state"));
                availability.fromFeed(skus.get(i).published.sku(), hash.get("sale"), reading);
            }
        }
    }

    private void sleep()
    {
        try
        {
            Thread.sleep(RETRY_MILLIS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close()
    {
        running = false;
        final Subscription current = subscription;
        if (current != null)
        {
            try
            {
                current.unsubscribe();
            }
            catch (final RuntimeException ex)
            {
                // the connection is gone already
            }
        }
        thread.interrupt();
    }

    /** The subscriber connection's callbacks, all on the feed thread. */
    private final class Subscription extends JedisPubSub
    {
        private final Jedis reads;
        private final AvailabilityReading reading = new AvailabilityReading();

        Subscription(final Jedis reads)
        {
            this.reads = reads;
        }

        @Override
        public void onSubscribe(final String channel, final int subscribedChannels)
        {
            seed(reads);
            lastPongNanos = System.nanoTime();
            subscription = this;
            log.accept("edge: Redis feed up at " + uri.getHost() + ":" + uri.getPort() + " (" + CHANNEL + ")");
        }

        @Override
        public void onPong(final String pattern)
        {
            lastPongNanos = System.nanoTime();
        }

        @Override
        public void onMessage(final String channel, final String message)
        {
            try
            {
                final JsonNode change = JSON.readTree(message);
                EdgeAvailability.read(change, reading);
                final String sku = change.path("sku").asText();
                if (!availability.fromFeed(sku, change.path("sale").asText(null), reading))
                {
                    unknownSku.accept(sku);
                }
            }
            catch (final java.io.IOException | IllegalArgumentException ex)
            {
                // not one of ours: the channel is the contract, a stranger's message is skipped
            }
        }
    }
}
