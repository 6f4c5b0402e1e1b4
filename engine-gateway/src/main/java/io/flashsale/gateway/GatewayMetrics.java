package io.flashsale.gateway;

import io.flashsale.engine.shard.EngineShard;
import io.flashsale.engine.state.ExpiryLayer;
import io.flashsale.journal.JournaledEngine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The gateway's Prometheus metrics (Micrometer): requests by route and status with latency
 * histograms, and the engine's own figures read from each shard's stats at scrape time.
 */
public final class GatewayMetrics
{
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter rateLimited;
    private final AtomicLong streams = new AtomicLong();
    private final java.util.concurrent.ConcurrentHashMap<String, Timer[]> timers = new java.util.concurrent.ConcurrentHashMap<>();

    public GatewayMetrics()
    {
        rateLimited = Counter.builder("flashsale_rate_limited_requests").description("requests refused with 429")
            .register(registry);
        Gauge.builder("flashsale_sse_connections", streams, AtomicLong::get).description("open availability streams")
            .register(registry);
    }

    /** For parts that register their own meters (the backstop). */
    public io.micrometer.core.instrument.MeterRegistry registry()
    {
        return registry;
    }

    /** Registers the engine's gauges: ring fill, batches, commands, holds, expiries by layer, journal index. */
    public void watch(final JournaledEngine engine)
    {
        for (final EngineShard shard : engine.shards())
        {
            final String id = Integer.toString(shard.shardId());
            Gauge.builder("flashsale_ring_remaining_capacity", shard, EngineShard::remainingCapacity).tag("shard", id)
                .register(registry);
            Gauge.builder("flashsale_ring_last_batch_size", shard, s -> s.stats().lastBatchSize()).tag("shard", id)
                .register(registry);
            Gauge.builder("flashsale_ring_max_batch_size", shard, s -> s.stats().maxBatchSize()).tag("shard", id)
                .register(registry);
            Gauge.builder("flashsale_commands_applied", shard, s -> s.stats().commandsApplied()).tag("shard", id)
                .register(registry);
            Gauge.builder("flashsale_holds_active", shard, s -> s.stats().holdsActive()).tag("shard", id)
                .register(registry);
            for (final ExpiryLayer layer : ExpiryLayer.values())
            {
                Gauge.builder("flashsale_hold_expiries", shard, s -> s.stats().expiries(layer)).tag("shard", id)
                    .tag("layer", layer.name().toLowerCase(java.util.Locale.ROOT)).register(registry);
            }
        }
        Gauge.builder("flashsale_journal_index", engine, JournaledEngine::journalIndex).register(registry);
        Gauge.builder("flashsale_snapshot_taker_failures", engine, JournaledEngine::snapshotTakerFailures)
            .description("times a snapshot taker failed and started over").register(registry);
    }

    /** Redis publication: lag (seconds since the oldest change not yet in Redis) and whether connected. */
    public void watch(final io.flashsale.gateway.redis.RedisAvailabilityPublisher redis)
    {
        Gauge.builder("flashsale_redis_publish_lag_seconds", redis, r -> r.lagSeconds()).register(registry);
        Gauge.builder("flashsale_redis_connected", redis, r -> r.connected() ? 1 : 0).register(registry);
    }

    /** The primary lease: held (1) or not, and the epoch this node writes with. */
    public void watch(final io.flashsale.gateway.lease.PrimaryLease lease)
    {
        Gauge.builder("flashsale_primary_lease_held", lease, l -> l.held() ? 1 : 0).register(registry);
        Gauge.builder("flashsale_primary_epoch", lease, l -> l.epoch()).register(registry);
    }

    public void watch(final io.flashsale.gateway.search.RedisSearchCache cache)
    {
        io.micrometer.core.instrument.FunctionCounter.builder("flashsale_search_cache_hits", cache,
            io.flashsale.gateway.search.RedisSearchCache::hits).register(registry);
        io.micrometer.core.instrument.FunctionCounter.builder("flashsale_search_cache_misses", cache,
            io.flashsale.gateway.search.RedisSearchCache::misses).register(registry);
    }

    public void requestDone(final String route, final int status, final long nanos)
    {
        // one Timer per (route, status), built once and found without building a key per request
        final Timer[] byStatus = timers.computeIfAbsent(route, key -> new Timer[600]);
        final int slot = status >= 0 && status < byStatus.length ? status : 0;
        Timer timer = byStatus[slot];
        if (timer == null)
        {
            // two event loops may both get here: the registry hands both the same Timer
            timer = Timer.builder("flashsale_http_requests").tag("route", route).tag("status", Integer.toString(status))
                .publishPercentileHistogram().maximumExpectedValue(Duration.ofSeconds(10)).register(registry);
            byStatus[slot] = timer;
        }
        timer.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
        if (status == 429)
        {
            rateLimited.increment();
        }
    }

    public void streamOpened()
    {
        streams.incrementAndGet();
    }

    public void streamClosed()
    {
        streams.decrementAndGet();
    }

    public String scrape()
    {
        return registry.scrape();
    }
}
