package io.flashsale.gateway.http;

import io.flashsale.engine.command.CommandRequest;
import io.flashsale.engine.command.ReservationId;
import io.flashsale.engine.command.ReservationIdFormat;
import io.flashsale.engine.command.ResultCode;
import io.flashsale.engine.shard.PublishedSku;
import io.flashsale.gateway.engine.AvailabilitySource;
import io.flashsale.gateway.engine.EngineProxy;
import io.flashsale.gateway.engine.Forwarder;
import io.flashsale.gateway.engine.Placement;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;

import java.util.function.Consumer;

/**
 * What the shopper and admin APIs share on the way to the engine: naming a SKU or a reservation
 * from the path, submitting a command with its reply, and answering with a reservation.
 */
public final class EngineRequests
{
    static final long REPLY_TIMEOUT_MILLIS = 5_000;
    static final String JSON_UTF8 = "application/json; charset=utf-8";
    /** A write's answer to an edge: the SKU's availability after it (see {@link #withAvailability}). */
    public static final String AVAILABILITY_HEADER = "Flashsale-Availability";

    private final EngineProxy engine;
    private final AvailabilitySource source;
    private final Placement placement;
    private final Forwarder forwarder;

    public EngineRequests(final EngineProxy engine, final AvailabilitySource source, final Placement placement,
        final Forwarder forwarder)
    {
        this.engine = engine;
        this.source = source;
        this.placement = placement;
        this.forwarder = forwarder;
    }

    /** How this node writes reservation ids. */
    ReservationIdFormat reservationIds()
    {
        return placement.reservationIds();
    }

    Forwarder forwarder()
    {
        return forwarder;
    }

    /** A SKU a write names: here, or 421 with its owner's address when another group owns it, or a 404. */
    PublishedSku findForWrite(final String sku)
    {
        final PublishedSku published = lookUp(sku);
        if (published == null)
        {
            refuseIfElsewhere(sku);
            throw ApiError.notFound("no such SKU");
        }
        return published;
    }

    /** 421 MISDIRECTED when another group of the cluster owns the SKU. */
    void refuseIfElsewhere(final String sku)
    {
        final String owner = isSkuShaped(sku) ? placement.ownerElsewhere(sku) : null;
        if (owner != null)
        {
            throw ApiError.misdirected(sku, owner);
        }
    }

    /** The SKU, or a 404. */
    PublishedSku find(final String sku)
    {
        final PublishedSku published = lookUp(sku);
        if (published == null)
        {
            throw ApiError.notFound("no such SKU");
        }
        return published;
    }

    private PublishedSku lookUp(final String sku)
    {
        return isSkuShaped(sku) ? source.find(sku) : null;
    }

    private static boolean isSkuShaped(final String sku)
    {
        return !sku.isEmpty() && sku.length() <= 64;
    }

    /** Parses a reservation id of an existing shard; anything else is a 400 (bad id) or 404. */
    long reservationId(final String id)
    {
        final long reservationId = placement.reservationIds().parse(id);
        if (reservationId == ReservationId.INVALID)
        {
            throw ApiError.invalid("not a reservation id");
        }
        if (engine.shardOfReservation(reservationId) == EngineProxy.NO_SHARD)
        {
            throw ApiError.notFound("no such reservation");
        }
        return reservationId;
    }

    /** A command on the reservation's own shard (the id is checked already). */
    void submitForReservation(final Exchange exchange, final long reservationId, final CommandRequest request,
        final Consumer<EngineAnswer> onAnswer)
    {
        submit(exchange, engine.shardOfReservation(reservationId), request, onAnswer);
    }

    /** Submits with the reply riding along; a full ring is a 503 at once, nothing queues. */
    void submit(final Exchange exchange, final int shard, final CommandRequest request, final Consumer<EngineAnswer> onAnswer)
    {
        final PendingReply reply = PendingReply.await(exchange.ctx().executor(), REPLY_TIMEOUT_MILLIS, onAnswer,
            () -> exchange.respond(JsonResponses.retryLater(HttpResponseStatus.SERVICE_UNAVAILABLE, "OVERLOADED",
                "the engine did not answer in time", 1)));
        if (!engine.submit(shard, request, reply))
        {
            reply.cancel();
            exchange.respond(JsonResponses.retryLater(HttpResponseStatus.SERVICE_UNAVAILABLE, "OVERLOADED",
                "the engine is at capacity, retry shortly", 1));
        }
    }

    /** The code of the SKU an answer names by index, or {@code fallback}. */
    String skuOf(final int shard, final EngineAnswer answer, final String fallback)
    {
        final String sku = engine.skuAt(shard, answer.skuIndex());
        return sku == null ? fallback : sku;
    }

    /** 200 with the reservation, or the engine's refusal in words. */
    void reservationAnswer(final Exchange exchange, final EngineAnswer answer, final String user)
    {
        if (answer.result() != ResultCode.OK)
        {
            refusal(exchange, answer);
            return;
        }
        final String sku = skuOf(engine.shardOfReservation(answer.reservationId()), answer, null);
        exchange.respond(withAvailability(JsonResponses.bytes(HttpResponseStatus.OK,
            JsonViews.reservation(answer, placement.reservationIds(), sku, user), JSON_UTF8), sku));
    }

    static void refusal(final Exchange exchange, final EngineAnswer answer)
    {
        exchange.respond(refusalOf(answer));
    }

    static FullHttpResponse refusalOf(final EngineAnswer answer)
    {
        return JsonResponses.error(Answers.status(answer.result()), answer.result().name(), Answers.message(answer.result()));
    }

    /**
     * Behind edges, a write's answer carries the SKU's availability as this write left it
     * ({@link #AVAILABILITY_HEADER}, the availability JSON): the edge that forwarded it updates its
     * copy before it answers, so a shopper reads their own write at their edge whatever the feed's
     * delay. The edge does not pass the header on.
     */
    FullHttpResponse withAvailability(final FullHttpResponse response, final String sku)
    {
        final PublishedSku published = placement.behindEdges() && sku != null ? source.find(sku) : null;
        if (published != null)
        {
            final byte[] json = JsonViews.availabilityJson(published.sku(), published.availability().read());
            response.headers().set(AVAILABILITY_HEADER, new String(json, java.nio.charset.StandardCharsets.UTF_8));
        }
        return response;
    }
}
