package io.flashsale.server;

import io.flashsale.backstop.Backstop;
import io.flashsale.engine.command.CommandRequest;
import io.flashsale.engine.command.ProductDefinition;
import io.flashsale.engine.command.ReservationId;
import io.flashsale.engine.shard.EngineShard;
import io.flashsale.engine.shard.HoldTicker;
import io.flashsale.engine.shard.ShardSettings;
import io.flashsale.engine.shard.ShardView;
import io.flashsale.engine.shard.WaitStrategyKind;
import io.flashsale.engine.state.EngineConfig;
import io.flashsale.gateway.Gateway;
import io.flashsale.gateway.engine.EngineSeams;
import io.flashsale.gateway.GatewayMetrics;
import io.flashsale.gateway.http.ReplyDispatcher;
import io.flashsale.gateway.http.ReplyGate;
import io.flashsale.journal.DataDirectory;
import io.flashsale.journal.JournalSettings;
import io.flashsale.journal.JournaledEngine;
import io.flashsale.replica.JournalShipper;
import io.flashsale.replica.NodeRole;
import io.flashsale.replica.ReplicaAcks;
import io.flashsale.replica.lease.PrimaryLease;
import io.flashsale.server.engine.InProcessEngine;
import io.flashsale.server.engine.RoleStatus;
import io.flashsale.server.engine.ShardViews;
import io.flashsale.server.redis.RedisAvailabilityPublisher;
import io.flashsale.server.replication.ReplicationState;
import io.flashsale.server.replication.SyncReplyGate;
import io.flashsale.server.search.RedisSearchCache;

import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * A primary node, wired in one place:
 * <pre>
 *  0. with a lease configured, take the primary lease (its epoch goes into every journal record)
 *  1. recover every shard (snapshot + journal) — nothing is accepted before
 *  2. at a data directory's first start, define the catalogue (journaled like any command)
 *  3. the hold ticker (a TICK every 10 ms into every ring)
 *  4. with a replication port, the journal shipper replicas follow; the backstop: with Kafka the event exporter (a journal follower) and the intake of the
 *     sweeper's expire commands; with Postgres too, the persister and the sweeper
 *  5. with a Redis URL, the availability publisher (woken at every ring batch's end)
 *  6. the HTTP gateway over the two seams: the rings ({@link InProcessEngine}) and the shards' views
 *     ({@link ShardViews}); its status is the node's {@link NodeRole}
 * </pre>
 * Closing: stop accepting, drain the rings, snapshot every shard, close the journals, stop renewing
 * the lease (a replica takes over once it lapses).
 */
public final class PrimaryNode implements RunningNode
{
    private static final long TICK_MILLIS = 10;
    private static final int SEARCH_CACHE_SECONDS = 60;
    private static final JournalSettings JOURNAL = JournalSettings.defaults();

    private final JournaledEngine engine;
    private final HoldTicker ticker;
    private final Gateway http;
    private final RedisAvailabilityPublisher redis;
    private final Backstop backstop;
    private final JournalShipper shipper;
    /** Synchronous replication's barrier, or null when answers do not wait for replicas. */
    private final SyncReplyGate sync;
    private final PrimaryLease lease;
    private final RedisSearchCache searchCache;
    private final NodeRole role;
    private final Consumer<String> log;
    private volatile Runnable onFenced = () ->
    {
    };

    private PrimaryNode(final JournaledEngine engine, final HoldTicker ticker, final Gateway http,
        final RedisAvailabilityPublisher redis, final RedisSearchCache searchCache, final Backstop backstop,
        final JournalShipper shipper, final SyncReplyGate sync, final PrimaryLease lease, final NodeRole role,
        final Consumer<String> log)
    {
        this.sync = sync;
        this.searchCache = searchCache;
        this.role = role;
        this.lease = lease;
        this.log = log;
        this.backstop = backstop;
        this.shipper = shipper;
        this.engine = engine;
        this.ticker = ticker;
        this.http = http;
        this.redis = redis;
    }

    /** Takes the primary lease first when one is configured ({@link PrimaryLease.HeldElsewhere}: another node serves). */
    public static PrimaryNode start(final ServerSettings settings, final Consumer<String> log)
        throws IOException, InterruptedException
    {
        if (settings.lease() == null)
        {
            return start(settings, null, log);
        }
        final PrimaryLease lease;
        try
        {
            lease = PrimaryLease.acquire(settings.lease(), log);
        }
        catch (final SQLException ex)
        {
            throw new IOException("the primary lease could not be taken: " + ex.getMessage(), ex);
        }
        try
        {
            return start(settings, lease, log);
        }
        catch (final IOException | InterruptedException | RuntimeException ex)
        {
            lease.close();
            throw ex;
        }
    }

    /**
     * @param lease taken already (a replica being promoted), or null to run without one. The server
     *              renews it while it runs and answers 503 NOT_PRIMARY once it is lost.
     */
    public static PrimaryNode start(final ServerSettings settings, final PrimaryLease lease, final Consumer<String> log)
        throws IOException, InterruptedException
    {
        return start(settings, lease, new NodeRole(NodeRole.Role.PRIMARY), log);
    }

    /** @param role PRIMARY already (a promoted replica's, moved on from REPLICA). */
    static PrimaryNode start(final ServerSettings settings, final PrimaryLease lease, final NodeRole role,
        final Consumer<String> log) throws IOException, InterruptedException
    {
        final JournalSettings byWhom = JOURNAL.withSnapshotsByFollower(settings.snapshotsByFollower());
        final JournalSettings journal = lease == null ? byWhom : byWhom.withEpoch(Math.toIntExact(lease.epoch()));
        final LongSupplier clock = System::currentTimeMillis;
        final ReplyDispatcher.BatchEndHook batchEnd = new ReplyDispatcher.BatchEndHook();
        final ShardSettings shardSettings = new ShardSettings(settings.ringSize(),
            WaitStrategyKind.parse(settings.waitStrategy()), false, true);
        final ReplicaAcks acks = new ReplicaAcks(settings.shards());
        final SyncReplyGate sync = settings.replication().sync() ? new SyncReplyGate(acks, settings.shards(),
            settings.replication().timeoutMillis(), settings.replication().fallback()) : null;
        final ReplyGate gate = sync == null ? ReplyGate.AT_ONCE : sync;
        final JournaledEngine engine = JournaledEngine.start(settings.dataDir(),
            new DataDirectory.Layout(settings.shards(),
                EngineConfig.defaults(0).withExpiryLayers(settings.engineExpiry(), settings.engineExpiry())
                    .withExpectedUsers(settings.expectedUsers()), 1_000_000),
            journal, shardSettings, shard -> new ReplyDispatcher(batchEnd, shard, gate), log);
        Backstop backstop = null;
        JournalShipper shipper = null;
        RedisSearchCache searchCache = null;
        try
        {
            if (engine.journalIndex() == 0)
            {
                defineCatalogue(engine, Catalogue.load(settings.catalogue(), clock.getAsLong()).stream()
                    .filter(product -> settings.placement().ownerElsewhere(product.sku()) == null).toList(), clock.getAsLong());
                log.accept("first start: catalogue of " + engine.shards().stream().mapToInt(s -> s.view().all().size()).sum() +
                    " products defined from " + (settings.catalogue() == null ? "the bundled demo catalogue" : settings.catalogue()));
            }
            final HoldTicker ticker = new HoldTicker(engine.shards(), clock, TICK_MILLIS,
                lease == null ? () -> true : lease::held);
            final GatewayMetrics metrics = new GatewayMetrics();
            NodeMetrics.watch(metrics.registry(), engine);
            if (lease != null)
            {
                NodeMetrics.watch(metrics.registry(), lease);
            }
            if (settings.replicationPort() >= 0)
            {
                shipper = new JournalShipper(engine.directory(), journal, settings.host(), settings.replicationPort(),
                    engine::appendSignal, acks, NodeMetrics.replicationLag(metrics.registry()), log);
                log.accept("replication: replicas follow the journal at " + settings.host() + ":" + shipper.port() +
                    (sync == null ? " (asynchronous)" : " (synchronous: an answer waits for a replica up to " +
                        settings.replication().timeoutMillis() + " ms, then " + settings.replication().fallback() + ")"));
                NodeMetrics.watch(metrics.registry(), acks, settings.shards(), sync);
            }
            backstop = Backstop.start(settings.backstop(), engine.directory(), journal,
                reservationId -> expire(engine, reservationId, clock), clock, metrics.registry(), log);
            final RedisAvailabilityPublisher redis = settings.redisUrl() == null ? null :
                new RedisAvailabilityPublisher(settings.redisUrl(), engine.directory().saleId(), engine.shards(), log);
            if (redis != null)
            {
                batchEnd.set(redis::signal);
                NodeMetrics.watch(metrics.registry(), redis);
            }
            searchCache = settings.redisUrl() == null ? null : new RedisSearchCache(settings.redisUrl(), SEARCH_CACHE_SECONDS);
            if (searchCache != null)
            {
                NodeMetrics.watch(metrics.registry(), searchCache);
            }
            final List<ShardView> views = engine.shards().stream().map(EngineShard::view).toList();
            final Gateway http = Gateway.start(settings.gateway(), EngineSeams.node(new InProcessEngine(engine), new ShardViews(views),
                new RoleStatus(role, engine::journalIndex, lease == null ? () -> true : lease::held, () -> null,
                    sync == null ? ReplicationState.ASYNC : sync, NodeDetails.of(settings.placement(), engine.directory().saleId())),
                settings.placement()), searchCache, metrics, clock, log);
            final PrimaryNode server = new PrimaryNode(engine, ticker, http, redis, searchCache, backstop, shipper, sync, lease,
                role, log);
            if (lease != null)
            {
                advertise(lease, settings, shipper, http, log);
                lease.onLost(server::fence);
                if (!lease.held())
                {
                    server.fence(); // lost while starting, before anyone listened
                }
            }
            return server;
        }
        catch (final IOException | InterruptedException | RuntimeException ex)
        {
            if (backstop != null)
            {
                backstop.close();
            }
            if (shipper != null)
            {
                shipper.close();
            }
            if (searchCache != null)
            {
                searchCache.close();
            }
            if (sync != null)
            {
                sync.close();
            }
            engine.close();
            throw ex;
        }
    }

    /** The lease row says where this primary serves: nodes started later follow it, replicas point shoppers to it. */
    private static void advertise(final PrimaryLease lease, final ServerSettings settings, final JournalShipper shipper,
        final Gateway http, final Consumer<String> log)
    {
        try
        {
            lease.advertise(shipper == null ? null : settings.host() + ":" + shipper.port(),
                "http://" + settings.host() + ":" + http.port());
        }
        catch (final SQLException ex)
        {
            log.accept("lease: addresses not written (" + ex.getMessage() + "): other nodes cannot find this primary yet");
        }
    }

    /** The backstop's expire, on the reservation's own shard; an id of no shard here is dropped. */
    private static boolean expire(final JournaledEngine engine, final long reservationId, final LongSupplier clock)
    {
        final int shard = ReservationId.shardOf(reservationId);
        return shard >= engine.shards().size() ||
            engine.shards().get(shard).tryPublish(new CommandRequest.Expire(reservationId, clock.getAsLong(), 0));
    }

    private static void defineCatalogue(final JournaledEngine engine, final List<ProductDefinition> products, final long now)
    {
        for (final ProductDefinition product : products)
        {
            final EngineShard shard = engine.shardFor(product.sku());
            while (!shard.tryPublish(new CommandRequest.UpsertProduct(product, now, 0)))
            {
                Thread.onSpinWait();
            }
        }
        for (final ProductDefinition product : products)
        {
            while (engine.shardFor(product.sku()).view().find(product.sku()) == null)
            {
                Thread.onSpinWait();
            }
        }
    }

    @Override
    public int port()
    {
        return http.port();
    }

    /** Where replicas ask for the journal, or -1 when replication is off. */
    public int replicationPort()
    {
        return shipper == null ? -1 : shipper.port();
    }

    public JournaledEngine engine()
    {
        return engine;
    }

    @Override
    public long journalIndex()
    {
        return engine.journalIndex();
    }

    @Override
    public void onFenced(final Runnable action)
    {
        onFenced = action;
    }

    /**
     * The lease is gone (taken by another node, or not renewed in time): this node must not act as the
     * primary in any way. The API already answers 503 NOT_PRIMARY; here everything else that acts on
     * the sale stops — the ticker (its expiries would publish versions the new primary also uses),
     * the backstop (its intake would take expire commands meant for the new primary), the Redis
     * publisher, the journal shipper — and open connections (event streams) are closed.
     */
    private synchronized void fence()
    {
        if (!role.moveTo(NodeRole.Role.FENCED))
        {
            return; // closed already
        }
        log.accept("lease lost: fenced — ticker, backstop, Redis publisher and journal shipper stopped, connections closed;" +
            " the API answers 503 NOT_PRIMARY");
        stopChanging();
        stopTelling();
        http.closeConnections();
        onFenced.run();
    }

    /** What feeds commands to the engine besides HTTP: the ticker and the backstop's intake. */
    private void stopChanging()
    {
        backstop.close();
        ticker.close();
    }

    /** What tells the world about the engine: the Redis publisher and the journal shipper. */
    private void stopTelling()
    {
        if (redis != null)
        {
            redis.close();
        }
        if (shipper != null)
        {
            shipper.close();
        }
        if (sync != null)
        {
            sync.close();
        }
    }

    /**
     * Stop accepting, drain the rings and snapshot, then hand the lease over at once (a replica need
     * not wait for it to lapse). The shipper stops after the rings drained, so a replica gets the
     * last commands too (best effort: it may be reading behind). A fenced server stopped both already.
     */
    @Override
    public synchronized void close()
    {
        final boolean fenced = role.role() == NodeRole.Role.FENCED;
        if (!role.moveTo(NodeRole.Role.STOPPED))
        {
            return;
        }
        http.stopAccepting();
        if (!fenced)
        {
            stopChanging();
        }
        engine.close();
        if (!fenced)
        {
            stopTelling();
        }
        http.close();
        if (searchCache != null)
        {
            searchCache.close();
        }
        if (lease != null)
        {
            if (fenced)
            {
                lease.close();
            }
            else
            {
                lease.release();
            }
        }
    }
}
