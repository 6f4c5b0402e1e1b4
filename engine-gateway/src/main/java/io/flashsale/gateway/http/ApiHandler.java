package io.flashsale.gateway.http;

import io.flashsale.engine.shard.BurstWakeWaitStrategy;
import io.flashsale.engine.shard.PublishedSku;
import io.flashsale.gateway.GatewayMetrics;
import io.flashsale.gateway.engine.NodeStatus;
import io.flashsale.gateway.identity.CallerIdentity;
import io.flashsale.gateway.limit.RateLimits;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;

import java.util.List;

/**
 * One per connection: reads whole requests, numbers them (answers go out in that order), routes
 * them, and turns every refusal into the API's JSON error. Runs on the connection's event loop and
 * never blocks it: writes are handed to a shard ring and answered later.
 */
public final class ApiHandler extends SimpleChannelInboundHandler<FullHttpRequest>
{
    private final ShopperApi shopper;
    private final AdminApi admin;
    private final OpsApi ops;
    private final CallerIdentity identity;
    private final RateLimits limits;
    private final GatewayMetrics metrics;
    /** Asked on every API call: a replica refuses writes, a primary that lost its lease refuses everything (never stale data). */
    private final NodeStatus status;
    private final ResponseOrder order = new ResponseOrder();
    private boolean streaming;
    /** Set by a request without keep-alive: requests pipelined behind it are not run. */
    private boolean closing;
    private final boolean trustForwardedFor;

    /** @param trustForwardedFor behind edges: an anonymous caller's budget is keyed by the address the edge names. */
    public ApiHandler(final ShopperApi shopper, final AdminApi admin, final OpsApi ops, final CallerIdentity identity,
        final RateLimits limits, final GatewayMetrics metrics, final NodeStatus status, final boolean trustForwardedFor)
    {
        this.trustForwardedFor = trustForwardedFor;
        this.status = status;
        this.identity = identity;
        this.shopper = shopper;
        this.admin = admin;
        this.ops = ops;
        this.limits = limits;
        this.metrics = metrics;
    }

    private ChannelHandlerContext context;

    @Override
    public void handlerAdded(final ChannelHandlerContext ctx)
    {
        context = ctx;
        // this loop publishes a command per request it decodes: the shard is woken once, after the loop's I/O turn
        BurstWakeWaitStrategy.publishInBursts(ctx.executor());
    }

    /**
     * An answer decided before the request got here (its body too large, its bytes too slow): it
     * takes its turn behind the answers still owed to earlier pipelined requests, then, without
     * keep-alive, the connection closes and later requests are not run.
     *
     * @return false when an event stream owns the connection: the caller closes it.
     */
    public boolean refuse(final FullHttpResponse response, final boolean keepAlive)
    {
        if (closing)
        {
            response.release(); // a last request came before: its answer, still owed, closes the connection
            return true;
        }
        if (streaming)
        {
            response.release();
            return false;
        }
        closing = !keepAlive;
        order.complete(context, order.assign(), response, keepAlive);
        return true;
    }

    @Override
    protected void channelRead0(final ChannelHandlerContext ctx, final FullHttpRequest request)
    {
        if (streaming || closing)
        {
            return; // an event stream owns the connection, or the client said this was its last request
        }
        final RequestDeadline deadline = ctx.pipeline().get(RequestDeadline.class);
        if (deadline != null)
        {
            deadline.requestComplete();
        }
        final boolean malformed = request.decoderResult().isFailure();
        final boolean keepAlive = !malformed && HttpUtil.isKeepAlive(request);
        closing = !keepAlive;
        final Exchange exchange = new Exchange(ctx, request, order, order.assign(), keepAlive, metrics, identity, trustForwardedFor);
        try
        {
            if (malformed)
            {
                final Throwable cause = request.decoderResult().cause();
                throw cause instanceof TooLongFrameException ?
                    new ApiError(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "INVALID_REQUEST", "request line or headers too large") :
                    ApiError.invalid("malformed HTTP request");
            }
            route(exchange);
        }
        catch (final ApiError error)
        {
            exchange.respond(JsonResponses.error(error));
        }
        catch (final RuntimeException unexpected)
        {
            // never a 500 for what a client sent: whatever slipped through validation is a bad request
            exchange.respond(JsonResponses.error(HttpResponseStatus.BAD_REQUEST, "INVALID_REQUEST", "the request could not be handled"));
        }
    }

    private void route(final Exchange exchange)
    {
        final List<String> s = exchange.segments();
        final HttpMethod method = exchange.request().method();
        final int n = s.size();
        if (n == 0 || (n == 1 && s.get(0).isEmpty()))
        {
            only(exchange, method, Route.STOREFRONT);
            ops.storefront(exchange);
            return;
        }
        switch (s.get(0))
        {
            case "ops" ->
            {
                expect(n == 1);
                only(exchange, method, Route.DASHBOARD);
                ops.dashboard(exchange);
            }
            case "health" ->
            {
                expect(n == 1);
                only(exchange, method, Route.HEALTH);
                ops.health(exchange);
            }
            case "metrics" ->
            {
                expect(n == 1);
                only(exchange, method, Route.METRICS);
                ops.metrics(exchange);
            }
            case "api" ->
            {
                requireReads();
                api(exchange, s, method);
            }
            case "admin" ->
            {
                requireReads();
                requireWrites();
                admin(exchange, s, method);
            }
            default -> throw ApiError.notFound("no such resource");
        }
    }

    private void api(final Exchange exchange, final List<String> s, final HttpMethod method)
    {
        final int n = s.size();
        if (n == 2 && s.get(1).equals("openapi.yaml"))
        {
            only(exchange, method, Route.OPENAPI);
            ops.openApi(exchange);
            return;
        }
        expect(n >= 3 && s.get(1).equals("v1"));
        switch (s.get(2))
        {
            case "products" ->
            {
                if (n == 3)
                {
                    read(exchange, method, Route.PRODUCTS);
                    shopper.products(exchange);
                }
                else if (n == 4)
                {
                    read(exchange, method, Route.PRODUCT);
                    shopper.product(exchange, s.get(3));
                }
                else if (n == 5 && s.get(4).equals("availability"))
                {
                    read(exchange, method, Route.AVAILABILITY);
                    shopper.availability(exchange, s.get(3));
                }
                else if (n == 6 && s.get(4).equals("availability") && s.get(5).equals("stream"))
                {
                    read(exchange, method, Route.AVAILABILITY_STREAM);
                    stream(exchange, List.of(shopper.find(s.get(3))), Route.AVAILABILITY_STREAM);
                }
                else
                {
                    throw ApiError.notFound("no such resource");
                }
            }
            case "availability" ->
            {
                expect(n == 4 && s.get(3).equals("stream"));
                read(exchange, method, Route.AVAILABILITY_STREAM_ALL);
                stream(exchange, shopper.streamed(exchange.query("skus")), Route.AVAILABILITY_STREAM_ALL);
            }
            case "search" ->
            {
                expect(n == 3);
                read(exchange, method, Route.SEARCH);
                shopper.search(exchange);
            }
            case "reservations" ->
            {
                requireWrites(); // reservation reads too: only the engine knows a hold's state
                if (n == 3)
                {
                    write(exchange, method, Route.RESERVE);
                    shopper.reserve(exchange);
                }
                else if (n == 4)
                {
                    read(exchange, method, Route.RESERVATION);
                    shopper.readReservation(exchange, s.get(3));
                }
                else if (n == 5 && (s.get(4).equals("confirm") || s.get(4).equals("cancel")))
                {
                    write(exchange, method, s.get(4).equals("confirm") ? Route.CONFIRM : Route.CANCEL);
                    shopper.finishReservation(exchange, s.get(3), s.get(4).equals("confirm"));
                }
                else
                {
                    throw ApiError.notFound("no such resource");
                }
            }
            default -> throw ApiError.notFound("no such resource");
        }
    }

    private void admin(final Exchange exchange, final List<String> s, final HttpMethod method)
    {
        final int n = s.size();
        expect(n >= 3 && s.get(1).equals("v1"));
        if (n == 3 && s.get(2).equals("stats"))
        {
            only(exchange, method, Route.ADMIN_STATS);
            admin.stats(exchange);
        }
        else if (n == 3 && s.get(2).equals("dashboard"))
        {
            only(exchange, method, Route.ADMIN_DASHBOARD);
            admin.dashboard(exchange);
        }
        else if (n == 4 && s.get(2).equals("products"))
        {
            only(exchange, method, Route.ADMIN_PRODUCT);
            admin.upsertProduct(exchange, s.get(3));
        }
        else if (n == 5 && s.get(2).equals("products") && s.get(4).equals("close"))
        {
            only(exchange, method, Route.ADMIN_CLOSE);
            admin.closeSale(exchange, s.get(3));
        }
        else if (n == 5 && s.get(2).equals("reservations") && s.get(4).equals("expire"))
        {
            only(exchange, method, Route.ADMIN_EXPIRE);
            admin.expire(exchange, s.get(3));
        }
        else
        {
            throw ApiError.notFound("no such resource");
        }
    }

    private void stream(final Exchange exchange, final List<PublishedSku> skus, final Route route)
    {
        if (!order.isTurnOf(exchange.sequence()))
        {
            throw new ApiError(HttpResponseStatus.CONFLICT, "INVALID_REQUEST", "a stream cannot follow pipelined requests");
        }
        streaming = true;
        order.skip(exchange.sequence());
        final RequestDeadline deadline = exchange.ctx().pipeline().get(RequestDeadline.class);
        if (deadline != null)
        {
            deadline.stop();
        }
        metrics.requestDone(route.metricName(), 200, System.nanoTime() - exchange.startNanos());
        AvailabilityStream.start(exchange.ctx(), skus, metrics);
    }

    /** A GET under the caller's read budget. */
    private void read(final Exchange exchange, final HttpMethod method, final Route route)
    {
        only(exchange, method, route);
        limit(exchange, false);
    }

    private void write(final Exchange exchange, final HttpMethod method, final Route route)
    {
        only(exchange, method, route);
        requireWritesTaken();
        limit(exchange, true);
    }

    private void limit(final Exchange exchange, final boolean isWrite)
    {
        final long waitSeconds = limits.tryAcquire(exchange.callerOrAddress(), isWrite);
        if (waitSeconds > 0)
        {
            throw ApiError.rateLimited(waitSeconds);
        }
    }

    private static void only(final Exchange exchange, final HttpMethod method, final Route route)
    {
        exchange.route(route);
        if (!method.equals(route.method()))
        {
            throw ApiError.methodNotAllowed(route.method().name());
        }
    }

    private void requireReads()
    {
        if (!status.servesReads())
        {
            throw ApiError.notPrimary(status.primaryLocation());
        }
    }

    private void requireWrites()
    {
        if (!status.acceptsWrites())
        {
            throw ApiError.notPrimary(status.primaryLocation());
        }
    }

    /** A write (not a reservation read): refused at once while the node says so (no replica confirms writes). */
    private void requireWritesTaken()
    {
        final String refused = status.writesRefusedBecause();
        if (refused != null)
        {
            throw ApiError.unavailable(refused);
        }
    }

    private static void expect(final boolean shape)
    {
        if (!shape)
        {
            throw ApiError.notFound("no such resource");
        }
    }

    @Override
    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
    {
        ctx.close();
    }
}
