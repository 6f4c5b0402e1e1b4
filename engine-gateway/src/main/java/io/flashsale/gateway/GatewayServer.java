package io.flashsale.gateway;

import io.flashsale.backstop.Backstop;
import io.flashsale.engine.command.CommandRequest;
import io.flashsale.engine.command.ReservationId;
import io.flashsale.engine.command.ProductDefinition;
import io.flashsale.engine.shard.EngineShard;
import io.flashsale.engine.shard.HoldTicker;
import io.flashsale.engine.shard.ShardSettings;
import io.flashsale.engine.shard.WaitStrategyKind;
import io.flashsale.engine.state.EngineConfig;
import io.flashsale.gateway.http.AdminApi;
import io.flashsale.gateway.http.ApiHandler;
import io.flashsale.gateway.http.HttpServer;
import io.flashsale.gateway.http.OpsApi;
import io.flashsale.gateway.http.ReplyDispatcher;
import io.flashsale.gateway.http.ShopperApi;
import io.flashsale.gateway.identity.CallerIdentity;
import io.flashsale.gateway.identity.DevIdentity;
import io.flashsale.gateway.identity.JwtIdentity;
import io.flashsale.gateway.lease.PrimaryLease;
import io.flashsale.gateway.limit.RateLimits;
import io.flashsale.gateway.redis.RedisAvailabilityPublisher;
import io.flashsale.gateway.search.RedisSearchCache;
import io.flashsale.journal.DataDirectory;
import io.flashsale.journal.JournalSettings;
import io.flashsale.journal.JournalShipper;
import io.flashsale.journal.JournaledEngine;

import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The server process, wired in one place:
 * <pre>
 *  0. with a lease configured, take the primary lease (its epoch goes into every journal record)
 *  1. recover every shard (snapshot + journal) — nothing is accepted before
 *  2. at a data directory's first start, define the catalogue (journaled like any command)
 *  3. the hold ticker (a TICK every 10 ms into every ring)
 *  4. with a replication port, the journal shipper replicas follow; the backstop: with Kafka the event exporter (a journal follower) and the intake of the
 *     sweeper's expire commands; with Postgres too, the persister and the sweeper
 *  5. with a Redis URL, the availability publisher (woken at every ring batch's end)
 *  6. the HTTP server: shopper, admin and ops APIs on Netty event loops
 * </pre>
 * Closing: stop accepting, drain the rings, snapshot every shard, close the journals, stop renewing
 * the lease (a replica takes over once it lapses).
 */
public final class GatewayServer implements AutoCloseable
{
    private static final long TICK_MILLIS = 10;
    private static final int SEARCH_CACHE_SECONDS = 60;
    private static final JournalSettings JOURNAL = JournalSettings.defaults();

    private final JournaledEngine engine;
    private final HoldTicker ticker;
    private final HttpServer http;
    private final RedisAvailabilityPublisher redis;
    private final Backstop backstop;
    private final JournalShipper shipper;
    private final PrimaryLease lease;
    private final Consumer<String> log;
    private boolean fenced;
    private boolean closed;

    private GatewayServer(final JournaledEngine engine, final HoldTicker ticker, final HttpServer http,
        final RedisAvailabilityPublisher redis, final Backstop backstop, final JournalShipper shipper,
        final PrimaryLease lease, final Consumer<String> log)
    {
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
    public static GatewayServer start(final ServerSettings settings, final Consumer<String> log)
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
    public static GatewayServer start(final ServerSettings settings, final PrimaryLease lease, final Consumer<String> log)
        throws IOException, InterruptedException
    {
        final JournalSettings byWhom = JOURNAL.withSnapshotsByFollower(settings.snapshotsByFollower());
        final JournalSettings journal = lease == null ? byWhom : byWhom.withEpoch(Math.toIntExact(lease.epoch()));
        final BooleanSupplier primary = lease == null ? () -> true : lease::held;
        final LongSupplier clock = System::currentTimeMillis;
        final ReplyDispatcher.BatchEndHook batchEnd = new ReplyDispatcher.BatchEndHook();
        final ShardSettings shardSettings = new ShardSettings(settings.ringSize(),
            WaitStrategyKind.parse(settings.waitStrategy()), false, true);
        final JournaledEngine engine = JournaledEngine.start(settings.dataDir(),
            new DataDirectory.Layout(settings.shards(),
                EngineConfig.defaults(0).withExpiryLayers(settings.engineExpiry(), settings.engineExpiry()), 1_000_000),
            journal, shardSettings, shard -> new ReplyDispatcher(batchEnd), log);
        Backstop backstop = null;
        JournalShipper shipper = null;
        try
        {
            if (engine.journalIndex() == 0)
            {
                defineCatalogue(engine, Catalogue.load(settings.catalogue(), clock.getAsLong()), clock.getAsLong());
                log.accept("first start: catalogue of " + engine.shards().stream().mapToInt(s -> s.view().all().size()).sum() +
                    " products defined from " + (settings.catalogue() == null ? "the bundled demo catalogue" : settings.catalogue()));
            }
            final HoldTicker ticker = new HoldTicker(engine.shards(), clock, TICK_MILLIS);
            final GatewayMetrics metrics = new GatewayMetrics();
            metrics.watch(engine);
            if (lease != null)
            {
                metrics.watch(lease);
            }
            if (settings.replicationPort() >= 0)
            {
                shipper = new JournalShipper(engine.directory(), journal, settings.host(), settings.replicationPort(), log);
                log.accept("replication: replicas follow the journal at " + settings.host() + ":" + shipper.port());
            }
            backstop = Backstop.start(settings.backstop(), engine.directory(), journal,
                reservationId -> expire(engine, reservationId, clock), clock, metrics.registry(), log);
            final RedisAvailabilityPublisher redis = settings.redisUrl() == null ? null :
                new RedisAvailabilityPublisher(settings.redisUrl(), engine.shards(), log);
            if (redis != null)
            {
                batchEnd.set(redis::signal);
                metrics.watch(redis);
            }
            final CallerIdentity identity = settings.authMode() == ServerSettings.AuthMode.DEV ?
                new DevIdentity() : new JwtIdentity(settings.jwtSecret(), clock);
            final RateLimits limits = new RateLimits(
                new RateLimits.Budget(settings.readsPerSecond(), settings.readBurst()),
                new RateLimits.Budget(settings.writesPerSecond(), settings.writeBurst()),
                settings.globalReadsPerSecond(), settings.globalWritesPerSecond());
            final RedisSearchCache searchCache = settings.redisUrl() == null ? null :
                new RedisSearchCache(settings.redisUrl(), SEARCH_CACHE_SECONDS);
            if (searchCache != null)
            {
                metrics.watch(searchCache);
            }
            final ShopperApi shopper = new ShopperApi(engine, identity, clock, searchCache);
            final AdminApi admin = new AdminApi(engine, shopper, settings.adminToken(), clock);
            final OpsApi ops = new OpsApi(engine, metrics, primary);
            if (settings.adminToken() == null)
            {
                log.accept("admin API disabled: no FLASHSALE_ADMIN_TOKEN");
            }
            final HttpServer http = HttpServer.start(settings.host(), settings.port(), settings.requestTimeoutMillis(),
                settings.idleTimeoutMillis(), () -> new ApiHandler(shopper, admin, ops, limits, metrics, primary));
            log.accept("listening on http://" + settings.host() + ":" + http.port() + "/ (" +
                (http.nativeTransport() ? "epoll" : "nio") + ", " + settings.authMode().name().toLowerCase() + " identity)");
            final GatewayServer server = new GatewayServer(engine, ticker, http, redis, backstop, shipper, lease, log);
            if (lease != null)
            {
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
            engine.close();
            throw ex;
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

    /**
     * The lease is gone (taken by another node, or not renewed in time): this node must not act as the
     * primary in any way. The API already answers 503 NOT_PRIMARY; here everything else that acts on
     * the sale stops — the ticker (its expiries would publish versions the new primary also uses),
     * the backstop (its intake would take expire commands meant for the new primary), the Redis
     * publisher, the journal shipper — and open connections (event streams) are closed.
     */
    private synchronized void fence()
    {
        if (fenced || closed)
        {
            return;
        }
        fenced = true;
        log.accept("lease lost: fenced — ticker, backstop, Redis publisher and journal shipper stopped, connections closed;" +
            " the API answers 503 NOT_PRIMARY");
        stopChanging();
        stopTelling();
        http.closeConnections();
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
    }

    /**
     * Stop accepting, drain the rings and snapshot, then hand the lease over at once (a replica need
     * not wait for it to lapse). The shipper stops after the rings drained, so a replica gets the
     * last commands too (best effort: it may be reading behind). A fenced server stopped both already.
     */
    @Override
    public synchronized void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
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
