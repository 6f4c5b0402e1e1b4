package io.flashsale.gateway;

import io.flashsale.gateway.engine.AvailabilitySource;
import io.flashsale.gateway.engine.EngineProxy;
import io.flashsale.gateway.engine.EngineSeams;
import io.flashsale.gateway.engine.NodeStatus;
import io.flashsale.gateway.http.AdminApi;
import io.flashsale.gateway.http.ApiHandler;
import io.flashsale.gateway.http.EngineRequests;
import io.flashsale.gateway.http.HttpServer;
import io.flashsale.gateway.http.OpsApi;
import io.flashsale.gateway.http.ShopperApi;
import io.flashsale.gateway.identity.CallerIdentity;
import io.flashsale.gateway.identity.DevIdentity;
import io.flashsale.gateway.identity.JwtIdentity;
import io.flashsale.gateway.limit.RateLimits;
import io.flashsale.gateway.search.SearchCache;

import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The HTTP gateway over its two engine seams: shopper, admin and ops APIs and the web pages on
 * Netty event loops. It knows nothing of journals, replication or the backstop: what is under the
 * seams is the composition root's choice (a node's own rings, a replica's followers).
 */
public final class Gateway implements AutoCloseable
{
    private final HttpServer http;

    private Gateway(final HttpServer http)
    {
        this.http = http;
    }

    /**
     * @param seams       the engine under the gateway; its engine is never called while its status refuses writes.
     * @param searchCache shared search results, or null for none.
     */
    public static Gateway start(final GatewaySettings settings, final EngineSeams seams, final SearchCache searchCache,
        final GatewayMetrics metrics, final LongSupplier clock, final Consumer<String> log) throws InterruptedException
    {
        final EngineProxy engine = seams.engine();
        final AvailabilitySource source = seams.source();
        final NodeStatus status = seams.status();
        final CallerIdentity identity = settings.authMode() == GatewaySettings.AuthMode.DEV ?
            new DevIdentity() : new JwtIdentity(settings.jwtSecret(), clock);
        final RateLimits limits = new RateLimits(
            new RateLimits.Budget(settings.readsPerSecond(), settings.readBurst()),
            new RateLimits.Budget(settings.writesPerSecond(), settings.writeBurst()),
            settings.globalReadsPerSecond(), settings.globalWritesPerSecond());
        final EngineRequests requests = new EngineRequests(engine, source, seams.placement(), seams.forwarder());
        final ShopperApi shopper = new ShopperApi(requests, source, clock, searchCache);
        final AdminApi admin = new AdminApi(requests, engine, source, settings.adminToken(), clock, metrics, status);
        final OpsApi ops = new OpsApi(metrics, status);
        if (settings.adminToken() == null)
        {
            log.accept("admin API disabled: no FLASHSALE_ADMIN_TOKEN");
        }
        final HttpServer http = HttpServer.start(settings.host(), settings.port(), settings.eventLoops(), settings.requestTimeoutMillis(),
            settings.idleTimeoutMillis(), () -> new ApiHandler(shopper, admin, ops, identity, limits, metrics, status,
                seams.placement().behindEdges()));
        log.accept("listening on http://" + settings.host() + ":" + http.port() + "/ (" +
            (http.nativeTransport() ? "epoll" : "nio") + ", " + settings.eventLoops() +
            (settings.eventLoops() == 1 ? " event loop, " : " event loops, ") + settings.authMode().name().toLowerCase() + " identity, " +
            status.role().name().toLowerCase() + ")");
        return new Gateway(http);
    }

    public int port()
    {
        return http.port();
    }

    /** Stops accepting and closes every connection, so nothing more reaches the engine. */
    public void stopAccepting()
    {
        http.stopAccepting();
    }

    /** Closes open connections (event streams too) and goes on accepting. */
    public void closeConnections()
    {
        http.closeConnections();
    }

    @Override
    public void close()
    {
        http.close();
    }
}
