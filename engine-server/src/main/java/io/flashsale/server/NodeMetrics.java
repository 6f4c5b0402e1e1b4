package io.flashsale.server;

import io.flashsale.engine.shard.EngineShard;
import io.flashsale.engine.state.ExpiryLayer;
import io.flashsale.journal.JournaledEngine;
import io.flashsale.replica.JournalShipper;
import io.flashsale.replica.ReplicaAcks;
import io.flashsale.replica.lease.PrimaryLease;
import io.flashsale.server.redis.RedisAvailabilityPublisher;
import io.flashsale.server.replication.SyncReplyGate;
import io.flashsale.server.search.RedisSearchCache;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/** The node's own meters, beside the gateway's on one registry: engine, Redis, lease, search cache. */
final class NodeMetrics
{
    private NodeMetrics()
    {
    }

    /** Ring fill, batches, commands, holds, expiries by layer, journal index, snapshot taker restarts. */
    static void watch(final MeterRegistry registry, final JournaledEngine engine)
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
                    .tag("layer", layer.name().toLowerCase(Locale.ROOT)).register(registry);
            }
        }
        Gauge.builder("flashsale_journal_index", engine, JournaledEngine::journalIndex).register(registry);
        Gauge.builder("flashsale_snapshot_taker_failures", engine, JournaledEngine::snapshotTakerFailures)
            .description("times a snapshot taker failed and started over").register(registry);
    }

    /** Redis publication: lag (seconds since the oldest change not yet in Redis) and whether connected. */
    static void watch(final MeterRegistry registry, final RedisAvailabilityPublisher redis)
    {
        Gauge.builder("flashsale_redis_publish_lag_seconds", redis, RedisAvailabilityPublisher::lagSeconds).register(registry);
        Gauge.builder("flashsale_redis_connected", redis, r -> r.connected() ? 1 : 0).register(registry);
    }

    /** The primary lease: held (1) or not, and the epoch this node writes with. */
    static void watch(final MeterRegistry registry, final PrimaryLease lease)
    {
        Gauge.builder("flashsale_primary_lease_held", lease, l -> l.held() ? 1 : 0).register(registry);
        Gauge.builder("flashsale_primary_epoch", lease, PrimaryLease::epoch).register(registry);
    }

    /** Replication: the highest index a replica acknowledged per shard; with sync, timeouts and whether degraded. */
    static void watch(final MeterRegistry registry, final ReplicaAcks acks, final int shards, final SyncReplyGate sync)
    {
        for (int shard = 0; shard < shards; shard++)
        {
            final int s = shard;
            Gauge.builder("flashsale_replica_acknowledged_index", acks, a -> a.acknowledged(s)).tag("shard", Integer.toString(s))
                .description("the highest journal index a replica holds").register(registry);
        }
        if (sync != null)
        {
            FunctionCounter.builder("flashsale_sync_timeouts", sync, SyncReplyGate::timeouts)
                .description("ring batches whose wait for a replica ran out").register(registry);
            Gauge.builder("flashsale_sync_degraded", sync, g -> g.degraded() ? 1 : 0)
                .description("1 while no replica has acknowledged in time").register(registry);
        }
    }

    /** Replication lag: from a batch's append to a replica's acknowledgement of it, as a histogram. */
    static JournalShipper.LagListener replicationLag(final MeterRegistry registry)
    {
        final Timer lag = Timer.builder("flashsale_replication_lag")
            .description("from a batch's append to the primary's journal to a replica's acknowledgement of it")
            .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(10_000))
            .maximumExpectedValue(Duration.ofSeconds(10)).register(registry);
        return (shard, nanos) -> lag.record(nanos, TimeUnit.NANOSECONDS);
    }

    static void watch(final MeterRegistry registry, final RedisSearchCache cache)
    {
        FunctionCounter.builder("flashsale_search_cache_hits", cache, RedisSearchCache::hits).register(registry);
        FunctionCounter.builder("flashsale_search_cache_misses", cache, RedisSearchCache::misses).register(registry);
    }
}
