package io.flashsale.edge;

import io.flashsale.gateway.Gateway;
import io.flashsale.gateway.GatewayMetrics;
import io.flashsale.gateway.engine.EngineSeams;
import io.flashsale.gateway.engine.Placement;
import io.flashsale.gateway.engine.ReadOnlyEngine;
import io.micrometer.core.instrument.Gauge;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * An edge, wired in one place: the same gateway a node runs, over remote seams.
 * <pre>
 *  1. the watch: who is each group's primary (their /health), each group's products
 *  2. the Redis master's change feed into the edge's availability cells
 *  3. the gateway: reads from those cells, everything an engine must answer forwarded
 * </pre>
 * It keeps nothing that is not somewhere else: kill it and nothing is lost.
 */
public final class Edge implements AutoCloseable
{
    private static final int CATALOGUE_EVERY_LOOKS = 5;
    private static final Duration FIRST_LOOK = Duration.ofSeconds(3);

    private final ScheduledExecutorService watchThread;
    private final RedisFeed feed;
    private final ForwardingClient client;
    private final Gateway http;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private Edge(final ScheduledExecutorService watchThread, final RedisFeed feed, final ForwardingClient client,
        final Gateway http)
    {
        this.watchThread = watchThread;
        this.feed = feed;
        this.client = client;
        this.http = http;
    }

    public static Edge start(final EdgeSettings settings, final Consumer<String> log) throws InterruptedException
    {
        final Duration lookTimeout = Duration.ofMillis(Math.max(300, settings.lookMillis() * 2L));
        final HttpClient web = HttpClient.newBuilder().connectTimeout(lookTimeout).version(HttpClient.Version.HTTP_1_1).build();
        final GroupWatch watch = new GroupWatch(settings.cluster(), web, log);
        final EdgeAvailability availability = new EdgeAvailability(settings.cluster(), group ->
        {
            final GroupWatch.Primary primary = watch.primaryOf(group);
            return primary == null ? null : primary.sale();
        });
        final ClusterCatalogue catalogue = new ClusterCatalogue(settings.cluster(), watch, availability, web, log);
        final RedisFeed feed = new RedisFeed(settings.redisUrl(), availability,
            sku -> catalogue.changed(settings.cluster().ownerOf(sku).name()), log);
        // the first look waits longer: connections are new and the JIT cold, and an edge that
        // starts with every group's products serves its first shopper right
        watch.look(FIRST_LOOK);
        catalogue.refresh(true, FIRST_LOOK);
        feed.start();
        final ScheduledExecutorService watchThread = Executors.newSingleThreadScheduledExecutor(runnable ->
        {
            final Thread thread = new Thread(runnable, "edge-watch");
            thread.setDaemon(true);
            return thread;
        });
        final long[] looks = {0};
        watchThread.scheduleWithFixedDelay(() ->
        {
            try
            {
                feed.ping();
                watch.look(lookTimeout);
                catalogue.refresh(!feed.up() || ++looks[0] % CATALOGUE_EVERY_LOOKS == 0, lookTimeout);
            }
            catch (final RuntimeException ex)
            {
                log.accept("edge: watch: " + ex);
            }
        }, settings.lookMillis(), settings.lookMillis(), TimeUnit.MILLISECONDS);
        final GatewayMetrics metrics = new GatewayMetrics();
        Gauge.builder("flashsale_edge_redis_feed_up", feed, f -> f.up() ? 1 : 0)
            .description("1 while the Redis master's change feed is subscribed and answering").register(metrics.registry());
        for (final var group : settings.cluster().groups())
        {
            Gauge.builder("flashsale_edge_group_up", watch, w -> w.primaryOf(group.name()) == null ? 0 : 1)
                .tag("group", group.name()).description("1 while the group has a primary").register(metrics.registry());
        }
        final ForwardingClient client = new ForwardingClient();
        final HttpForwarder forwarder = new HttpForwarder(settings.cluster(), watch, availability, feed, catalogue, client,
            settings.forwardTimeoutMillis(), metrics.registry());
        final Gateway http = Gateway.start(settings.gateway(),
            new EngineSeams(new ReadOnlyEngine(1, () -> 0), availability, new EdgeStatus(watch, feed), Placement.ALONE, forwarder),
            null, metrics, System::currentTimeMillis, log);
        log.accept("edge over " + settings.cluster().groups().size() + " group(s), " + availability.products().size() +
            " products so far, Redis master " + settings.redisUrl());
        return new Edge(watchThread, feed, client, http);
    }

    public int port()
    {
        return http.port();
    }

    @Override
    public void close()
    {
        if (!closed.compareAndSet(false, true))
        {
            return;
        }
        http.stopAccepting();
        client.close(); // its pools live on the gateway's event loops: closed while those still run
        http.close();
        watchThread.shutdownNow();
        feed.close();
    }
}
