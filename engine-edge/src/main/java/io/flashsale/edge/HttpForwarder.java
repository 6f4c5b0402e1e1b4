package io.flashsale.edge;

import io.flashsale.engine.command.ReservationId;
import io.flashsale.engine.command.ReservationIdFormat;
import io.flashsale.engine.shard.AvailabilityReading;
import io.flashsale.gateway.cluster.ClusterMap;
import io.flashsale.gateway.engine.Forwarder;
import io.flashsale.gateway.http.ApiError;
import io.flashsale.gateway.http.EngineRequests;
import io.flashsale.gateway.http.Exchange;
import io.flashsale.gateway.http.JsonResponses;
import io.flashsale.gateway.http.Route;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The edge's {@link Forwarder}: a checked request goes, as it came (method, path, body, identity,
 * Idempotency-Key), to the current primary of the group that owns it, and the group's answer goes
 * back as it is. A group with no primary is a 503 with Retry-After at once; a NOT_PRIMARY answer
 * (refused before any engine saw it) is followed once to the primary it names. A reservation for
 * a SKU whose vouched copy says none are left is refused SOLD_OUT here, without the hop, unless it
 * carries an Idempotency-Key (whose first answer only the group knows).
 */
final class HttpForwarder implements Forwarder
{
    /** The request headers a group needs; everything else (cookies, proxies' own) stays at the edge. */
    private static final List<CharSequence> FORWARDED_HEADERS = List.of(HttpHeaderNames.CONTENT_TYPE,
        HttpHeaderNames.AUTHORIZATION, "X-User-Id", "Idempotency-Key");
    /** The answer headers a shopper needs. */
    private static final List<CharSequence> ANSWER_HEADERS = List.of(HttpHeaderNames.CONTENT_TYPE,
        HttpHeaderNames.LOCATION, HttpHeaderNames.RETRY_AFTER, HttpHeaderNames.ALLOW);

    private final ClusterMap cluster;
    private final GroupWatch watch;
    private final EdgeAvailability availability;
    private final RedisFeed feed;
    private final ClusterCatalogue catalogue;
    private final ForwardingClient client;
    private final long timeoutMillis;
    private final Counter earlySoldOut;
    private final Counter forwarded;
    private final Counter groupDown;
    private final Counter followed;

    HttpForwarder(final ClusterMap cluster, final GroupWatch watch, final EdgeAvailability availability, final RedisFeed feed,
        final ClusterCatalogue catalogue, final ForwardingClient client, final long timeoutMillis, final MeterRegistry registry)
    {
        this.cluster = cluster;
        this.watch = watch;
        this.availability = availability;
        this.feed = feed;
        this.catalogue = catalogue;
        this.client = client;
        this.timeoutMillis = timeoutMillis;
        this.earlySoldOut = Counter.builder("flashsale_edge_early_sold_out")
            .description("reservations refused SOLD_OUT at the edge, without a hop to the group").register(registry);
        this.forwarded = Counter.builder("flashsale_edge_forwarded").description("requests forwarded to a group").register(registry);
        this.groupDown = Counter.builder("flashsale_edge_group_down")
            .description("requests refused 503 at once: their group had no primary").register(registry);
        this.followed = Counter.builder("flashsale_edge_followed")
            .description("NOT_PRIMARY answers followed to the primary they named").register(registry);
    }

    @Override
    public boolean toOwnerOf(final Exchange exchange, final String sku)
    {
        if (exchange.route().equals(Route.RESERVE.metricName()) && !exchange.request().headers().contains("Idempotency-Key") &&
            availability.soldOut(sku, feed.up(), new AvailabilityReading()))
        {
            earlySoldOut.increment();
            exchange.respond(JsonResponses.error(HttpResponseStatus.CONFLICT, "SOLD_OUT", "fewer units available than asked"));
            return true;
        }
        forward(exchange, ownerOf(sku), Outgoing.of(exchange), false);
        return true;
    }

    /** The SKU's group: kept with a SKU this edge lists, else by the rule (a new product's PUT). */
    private ClusterMap.Group ownerOf(final String sku)
    {
        final EdgeAvailability.EdgeSku listed = availability.sku(sku);
        return listed != null ? listed.group : cluster.ownerOf(sku);
    }

    @Override
    public boolean toGroupOf(final Exchange exchange, final String reservationId)
    {
        final String named = ReservationIdFormat.groupOf(reservationId);
        final ClusterMap.Group group = named == null ? null : cluster.group(named);
        if (group == null)
        {
            if (ReservationId.parse(reservationId) == ReservationId.INVALID &&
                (named == null || new ReservationIdFormat(named).parse(reservationId) == ReservationId.INVALID))
            {
                throw ApiError.invalid("not a reservation id");
            }
            throw ApiError.notFound("no such reservation");
        }
        if (new ReservationIdFormat(group.name()).parse(reservationId) == ReservationId.INVALID)
        {
            throw ApiError.invalid("not a reservation id");
        }
        forward(exchange, group, Outgoing.of(exchange), false);
        return true;
    }

    @Override
    public boolean readUnvouched(final Exchange exchange, final String sku)
    {
        if (availability.vouched(sku, feed.up()))
        {
            return false;
        }
        forward(exchange, ownerOf(sku), Outgoing.of(exchange), false);
        return true;
    }

    private void forward(final Exchange exchange, final ClusterMap.Group group, final Outgoing outgoing, final boolean following)
    {
        final GroupWatch.Primary primary = watch.primaryOf(group.name());
        if (primary == null)
        {
            refuseGroupDown(exchange, group);
            return;
        }
        forwarded.increment();
        client.send(exchange.ctx().channel(), primary.base(), outgoing.to(primary.base()), timeoutMillis, (answer, failure) ->
        {
            if (failure != null)
            {
                if (failure instanceof ConnectException)
                {
                    watch.refused(group.name(), primary.base()); // never reached the group: nothing was done
                    refuseGroupDown(exchange, group);
                }
                else
                {
                    exchange.respond(JsonResponses.retryLater(HttpResponseStatus.SERVICE_UNAVAILABLE, "GROUP_UNAVAILABLE",
                        "group " + group.name() + " did not answer (" + failure.getClass().getSimpleName() +
                            "); a retry with the same Idempotency-Key gets the first answer", 1));
                }
                return;
            }
            try
            {
                final String location = answer.headers().get(HttpHeaderNames.LOCATION);
                if (!following && answer.status().code() == 503 && location != null && isNotPrimary(answer))
                {
                    followed.increment();
                    watch.movedTo(group.name(), location);
                    forward(exchange, group, outgoing, true);
                    return;
                }
                if (answer.status().code() < 300 && exchange.route().startsWith("admin_"))
                {
                    catalogue.changed(group.name());
                }
                final String after = answer.headers().get(EngineRequests.AVAILABILITY_HEADER);
                if (after != null)
                {
                    availability.fromAnswer(after, primary.sale());
                }
                exchange.respond(relayed(answer));
            }
            finally
            {
                answer.release();
            }
        });
    }

    private void refuseGroupDown(final Exchange exchange, final ClusterMap.Group group)
    {
        groupDown.increment();
        exchange.respond(JsonResponses.retryLater(HttpResponseStatus.SERVICE_UNAVAILABLE, "GROUP_UNAVAILABLE",
            "group " + group.name() + " has no primary serving now; retry shortly", 1));
    }

    private static boolean isNotPrimary(final FullHttpResponse answer)
    {
        return answer.content().toString(StandardCharsets.UTF_8).contains("\"NOT_PRIMARY\"");
    }

    private static FullHttpResponse relayed(final FullHttpResponse answer)
    {
        final FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, answer.status(),
            answer.content().retainedDuplicate());
        for (final CharSequence name : ANSWER_HEADERS)
        {
            final String value = answer.headers().get(name);
            if (value != null)
            {
                response.headers().set(name, value);
            }
        }
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        return response;
    }

    /** What is sent on: kept as bytes, since the shopper's request is released once its handler returns. */
    private record Outgoing(HttpMethod method, String uri, byte[] body, String[] headers, String forwardedFor)
    {
        static Outgoing of(final Exchange exchange)
        {
            final FullHttpRequest request = exchange.request();
            final HttpHeaders in = request.headers();
            final String[] headers = new String[FORWARDED_HEADERS.size()];
            for (int i = 0; i < headers.length; i++)
            {
                headers[i] = in.get(FORWARDED_HEADERS.get(i));
            }
            return new Outgoing(request.method(), request.uri(), ByteBufUtil.getBytes(request.content()), headers,
                exchange.clientAddress());
        }

        FullHttpRequest to(final String base)
        {
            final FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri,
                Unpooled.wrappedBuffer(body));
            for (int i = 0; i < headers.length; i++)
            {
                if (headers[i] != null)
                {
                    request.headers().set(FORWARDED_HEADERS.get(i), headers[i]);
                }
            }
            request.headers().set(HttpHeaderNames.HOST, base.substring(base.indexOf("//") + 2)); // a base is http://host:port
            request.headers().set(Exchange.FORWARDED_FOR, forwardedFor);
            request.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
            return request;
        }
    }
}
