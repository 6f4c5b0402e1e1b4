package io.flashsale.gateway.http;

import io.flashsale.gateway.GatewayMetrics;
import io.flashsale.gateway.identity.CallerIdentity;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.QueryStringDecoder;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;

/**
 * One request and the way back to its connection. Answers may come later (from the ring) but are
 * always delivered on the connection's event loop, in request order.
 */
public final class Exchange
{
    /** Set by an edge on what it forwards: the shopper's own address. */
    public static final String FORWARDED_FOR = "X-Forwarded-For";

    private final ChannelHandlerContext ctx;
    private final FullHttpRequest request;
    private final ResponseOrder order;
    private final long sequence;
    private final boolean keepAlive;
    private QueryStringDecoder query;
    private final List<String> segments;
    private final GatewayMetrics metrics;
    private final long startNanos = System.nanoTime();
    private final CallerIdentity identity;
    private boolean answered;
    private String route = "unmatched";
    private boolean identified;
    private String caller;
    /** Behind edges (a node of a cluster): an anonymous caller is the address the edge names, not the edge. */
    private final boolean trustForwardedFor;

    Exchange(final ChannelHandlerContext ctx, final FullHttpRequest request, final ResponseOrder order,
        final long sequence, final boolean keepAlive, final GatewayMetrics metrics, final CallerIdentity identity,
        final boolean trustForwardedFor)
    {
        this.trustForwardedFor = trustForwardedFor;
        this.identity = identity;
        this.ctx = ctx;
        this.request = request;
        this.order = order;
        this.sequence = sequence;
        this.keepAlive = keepAlive;
        this.metrics = metrics;
        this.segments = segmentsOf(request.uri());
    }

    /** The caller's user id, resolved once per request (a JWT is checked once), or null when there is none. */
    String callerOrNull()
    {
        if (!identified)
        {
            caller = identity.callerOf(request.headers());
            identified = true;
        }
        return caller;
    }

    /** The caller's user id, or a 401. */
    String caller()
    {
        final String user = callerOrNull();
        if (user == null)
        {
            throw ApiError.unauthenticated("missing or invalid identity");
        }
        return user;
    }

    /** For rate limiting: the identity when there is a valid one, else the client address. */
    String callerOrAddress()
    {
        final String user = callerOrNull();
        if (user != null)
        {
            return user;
        }
        final String forwardedFor = trustForwardedFor ? request.headers().get(FORWARDED_FOR) : null;
        return forwardedFor != null && !forwardedFor.isEmpty() && forwardedFor.length() <= 64 ? forwardedFor : clientAddress();
    }

    /**
     * The path's segments after the first slash, by hand: {@code split} and a query decoder per
     * request were a sixth of a read's time in a profile. {@code /a/b/} is [a, b, ""].
     */
    static List<String> segmentsOf(final String uri)
    {
        int end = uri.length();
        for (int i = 0; i < end; i++)
        {
            final char c = uri.charAt(i);
            if (c == '?' || c == '#')
            {
                end = i;
            }
        }
        int slashes = 0;
        for (int i = 0; i < end; i++)
        {
            slashes += uri.charAt(i) == '/' ? 1 : 0;
        }
        if (slashes == 0)
        {
            return List.of();
        }
        final String[] segments = new String[slashes];
        int start = uri.indexOf('/') + 1;
        for (int i = 0; i < slashes; i++)
        {
            int stop = uri.indexOf('/', start);
            stop = stop < 0 || stop > end ? end : stop;
            segments[i] = uri.substring(start, stop);
            start = stop + 1;
        }
        return Arrays.asList(segments);
    }

    public FullHttpRequest request()
    {
        return request;
    }

    public ChannelHandlerContext ctx()
    {
        return ctx;
    }

    /** Path segments without the leading slash: {@code /api/v1/products} is [api, v1, products]. */
    public List<String> segments()
    {
        return segments;
    }

    public String query(final String name)
    {
        if (query == null)
        {
            query = new QueryStringDecoder(request.uri()); // only the few routes with a query pay for it
        }
        final List<String> values = query.parameters().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    public String clientAddress()
    {
        return ctx.channel().remoteAddress() instanceof InetSocketAddress address ?
            address.getAddress().getHostAddress() : "unknown";
    }

    /** Names the request's route for the metrics (every route is a {@link Route}). */
    void route(final Route matched)
    {
        route = matched.metricName();
    }

    public String route()
    {
        return route;
    }

    public long startNanos()
    {
        return startNanos;
    }

    boolean keepAlive()
    {
        return keepAlive;
    }

    long sequence()
    {
        return sequence;
    }

    ResponseOrder order()
    {
        return order;
    }

    public boolean answered()
    {
        return answered;
    }

    /** Event loop only; answers once, later calls are ignored. */
    public void respond(final FullHttpResponse response)
    {
        if (answered)
        {
            response.release();
            return;
        }
        answered = true;
        order.complete(ctx, sequence, response, keepAlive);
        metrics.requestDone(route, response.status().code(), System.nanoTime() - startNanos);
    }
}
