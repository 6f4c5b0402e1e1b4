package io.flashsale.gateway.http;

import io.flashsale.engine.command.CommandRequest;
import io.flashsale.engine.command.KeyHash;
import io.flashsale.engine.command.ReservationId;
import io.flashsale.engine.command.ResultCode;
import io.flashsale.engine.shard.EngineShard;
import io.flashsale.engine.shard.PublishedSku;
import io.flashsale.gateway.identity.CallerIdentity;
import io.flashsale.gateway.search.ProductSearch;
import io.flashsale.gateway.search.RedisSearchCache;
import io.flashsale.journal.JournaledEngine;
import io.netty.handler.codec.http.HttpResponseStatus;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The shopper API. Reads are answered from what the logic threads publish (never the ring); writes
 * and reservation reads go through the SKU's shard ring and are answered when the engine is done.
 */
public final class ShopperApi
{
    static final long REPLY_TIMEOUT_MILLIS = 5_000;
    private static final int MAX_IDEMPOTENCY_KEY = 64;

    private static final String JSON_UTF8 = "application/json; charset=utf-8";
    private static final int MAX_QUERY = 100;
    private static final int MAX_RESULTS = 50;

    private final JournaledEngine engine;
    private final CallerIdentity identity;
    private final LongSupplier clock;
    private final ProductSearch search;
    private final RedisSearchCache searchCache;

    /**
     * @param searchCache the shared search cache, or null for none.
     */
    public ShopperApi(final JournaledEngine engine, final CallerIdentity identity, final LongSupplier clock,
        final RedisSearchCache searchCache)
    {
        this.engine = engine;
        this.identity = identity;
        this.clock = clock;
        this.search = new ProductSearch(this::allProducts);
        this.searchCache = searchCache;
    }

    void products(final Exchange exchange)
    {
        exchange.respond(JsonResponses.json(HttpResponseStatus.OK,
            Map.of("products", allProducts().stream().map(JsonViews::product).toList())));
    }

    /** Every SKU of every shard, by SKU code. */
    List<PublishedSku> allProducts()
    {
        final List<PublishedSku> all = new ArrayList<>();
        for (final EngineShard shard : engine.shards())
        {
            all.addAll(shard.view().all());
        }
        all.sort(Comparator.comparing(PublishedSku::sku));
        return all;
    }

    void search(final Exchange exchange)
    {
        final String q = exchange.query("q");
        if (q == null || q.isBlank() || q.length() > MAX_QUERY)
        {
            throw ApiError.invalid("q must be 1-" + MAX_QUERY + " characters");
        }
        final String limitText = exchange.query("limit");
        final int limit;
        try
        {
            limit = limitText == null ? 10 : Integer.parseInt(limitText);
        }
        catch (final NumberFormatException ex)
        {
            throw ApiError.invalid("limit must be a whole number in 1.." + MAX_RESULTS);
        }
        if (limit < 1 || limit > MAX_RESULTS)
        {
            throw ApiError.invalid("limit must be a whole number in 1.." + MAX_RESULTS);
        }
        final String normalised = ProductSearch.normalise(q);
        if (searchCache == null)
        {
            respondSearch(exchange, normalised, search.search(normalised, limit));
            return;
        }
        final long generation = search.generation();
        searchCache.get(generation, limit, normalised).whenComplete((cached, failure) ->
            exchange.ctx().executor().execute(() ->
            {
                try
                {
                    if (cached != null && cached.isPresent())
                    {
                        respondSearch(exchange, normalised, cached.get());
                        return;
                    }
                    final ProductSearch.Result result = search.search(normalised, limit);
                    searchCache.put(generation, limit, normalised, result);
                    respondSearch(exchange, normalised, result);
                }
                catch (final RuntimeException ex)
                {
                    exchange.respond(JsonResponses.error(HttpResponseStatus.BAD_REQUEST, "INVALID_REQUEST",
                        "the search could not be run"));
                }
            }));
    }

    /** Results with live availability, on the event loop. */
    private void respondSearch(final Exchange exchange, final String normalised, final ProductSearch.Result result)
    {
        final List<Map<String, Object>> results = new ArrayList<>();
        for (final ProductSearch.Hit hit : result.hits())
        {
            final PublishedSku sku = engine.shardFor(hit.sku()).view().find(hit.sku());
            if (sku != null)
            {
                final Map<String, Object> view = new java.util.LinkedHashMap<>();
                view.put("sku", sku.sku());
                view.put("name", sku.product().name());
                view.put("priceCents", sku.product().priceCents());
                view.put("score", hit.score());
                view.put("available", sku.availability().read().available);
                results.add(view);
            }
        }
        final Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("query", normalised);
        body.put("total", result.total());
        body.put("results", results);
        exchange.respond(JsonResponses.json(HttpResponseStatus.OK, body));
    }

    void product(final Exchange exchange, final String sku)
    {
        exchange.respond(JsonResponses.json(HttpResponseStatus.OK, JsonViews.product(find(sku))));
    }

    /** The hottest read (250 K/s a SKU at peak): written by hand, no map, no serializer. */
    void availability(final Exchange exchange, final String sku)
    {
        final PublishedSku published = find(sku);
        exchange.respond(JsonResponses.bytes(HttpResponseStatus.OK,
            JsonViews.availabilityJson(published.sku(), published.availability().read()), JSON_UTF8));
    }

    PublishedSku find(final String sku)
    {
        final PublishedSku published = sku.isEmpty() || sku.length() > 64 ? null : engine.shardFor(sku).view().find(sku);
        if (published == null)
        {
            throw ApiError.notFound("no such SKU");
        }
        return published;
    }

    /** The caller's user id, or a 401. */
    String caller(final Exchange exchange)
    {
        final String caller = identity.callerOf(exchange.request().headers());
        if (caller == null)
        {
            throw ApiError.unauthenticated("missing or invalid identity");
        }
        return caller;
    }

    /** For rate limiting: the identity when there is a valid one, else the client address. */
    String callerOrAddress(final Exchange exchange)
    {
        final String caller = identity.callerOf(exchange.request().headers());
        return caller != null ? caller : exchange.clientAddress();
    }

    void reserve(final Exchange exchange)
    {
        final String user = caller(exchange);
        final RequestBodies.ReserveBody body = RequestBodies.reserve(exchange.request().content());
        final String key = exchange.request().headers().get("Idempotency-Key");
        if (key != null && (key.isEmpty() || key.length() > MAX_IDEMPOTENCY_KEY || !isPrintableAscii(key)))
        {
            throw ApiError.invalid("Idempotency-Key must be 1-64 printable ASCII characters");
        }
        final PublishedSku sku = find(body.sku());
        final byte[] keyBytes = key == null ? null : key.getBytes(StandardCharsets.US_ASCII);
        final CommandRequest request = new CommandRequest.Reserve(sku.skuIndex(), user.getBytes(StandardCharsets.US_ASCII),
            body.quantity(), keyBytes == null ? 0 : KeyHash.hash(keyBytes, 0, keyBytes.length),
            keyBytes == null ? 0 : KeyHash.hashSecondary(keyBytes, 0, keyBytes.length), clock.getAsLong(), 0);
        publish(exchange, engine.shards().get(sku.shard()), request, answer ->
        {
            if (answer.result() == ResultCode.OK)
            {
                // a replayed key answers with its first reservation, whatever SKU this request named
                final PublishedSku held = engine.shards().get(sku.shard()).view().at(answer.skuIndex());
                exchange.respond(JsonResponses.bytes(HttpResponseStatus.CREATED,
                    JsonViews.reservation(answer, held == null ? sku.sku() : held.sku(), user), JSON_UTF8));
            }
            else
            {
                exchange.respond(JsonResponses.error(Answers.status(answer.result()), answer.result().name(),
                    Answers.message(answer.result())));
            }
        });
    }

    void readReservation(final Exchange exchange, final String id)
    {
        final String user = caller(exchange);
        final long reservationId = reservationId(id);
        publish(exchange, engine.shards().get(ReservationId.shardOf(reservationId)),
            new CommandRequest.ReadReservation(reservationId, user.getBytes(StandardCharsets.US_ASCII), clock.getAsLong(), 0),
            answer -> reservationAnswer(exchange, answer, user));
    }

    void finishReservation(final Exchange exchange, final String id, final boolean confirm)
    {
        final String user = caller(exchange);
        final long reservationId = reservationId(id);
        final byte[] userId = user.getBytes(StandardCharsets.US_ASCII);
        final long now = clock.getAsLong();
        publish(exchange, engine.shards().get(ReservationId.shardOf(reservationId)),
            confirm ? CommandRequest.confirm(reservationId, userId, now, 0) : CommandRequest.cancel(reservationId, userId, now, 0),
            answer -> reservationAnswer(exchange, answer, user));
    }

    /** Parses a reservation id of an existing shard; anything else is a 400 (bad id) or 404. */
    long reservationId(final String id)
    {
        final long reservationId = ReservationId.parse(id);
        if (reservationId == ReservationId.INVALID)
        {
            throw ApiError.invalid("not a reservation id");
        }
        if (ReservationId.shardOf(reservationId) >= engine.shards().size())
        {
            throw ApiError.notFound("no such reservation");
        }
        return reservationId;
    }

    void reservationAnswer(final Exchange exchange, final EngineAnswer answer, final String user)
    {
        if (answer.result() != ResultCode.OK)
        {
            exchange.respond(JsonResponses.error(Answers.status(answer.result()), answer.result().name(),
                Answers.message(answer.result())));
            return;
        }
        final PublishedSku sku = engine.shards().get(ReservationId.shardOf(answer.reservationId())).view().at(answer.skuIndex());
        exchange.respond(JsonResponses.bytes(HttpResponseStatus.OK,
            JsonViews.reservation(answer, sku == null ? null : sku.sku(), user), JSON_UTF8));
    }

    /** Publishes with the reply riding along; a full ring is a 503 at once, nothing queues. */
    void publish(final Exchange exchange, final EngineShard shard, final CommandRequest request,
        final java.util.function.Consumer<EngineAnswer> onAnswer)
    {
        final PendingReply reply = PendingReply.await(exchange.ctx().executor(), REPLY_TIMEOUT_MILLIS, onAnswer,
            () -> exchange.respond(JsonResponses.retryLater(HttpResponseStatus.SERVICE_UNAVAILABLE, "OVERLOADED",
                "the engine did not answer in time", 1)));
        if (!shard.tryPublish(request, reply))
        {
            reply.cancel();
            exchange.respond(JsonResponses.retryLater(HttpResponseStatus.SERVICE_UNAVAILABLE, "OVERLOADED",
                "the engine is at capacity, retry shortly", 1));
        }
    }

    private static boolean isPrintableAscii(final String text)
    {
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (c < 0x21 || c > 0x7E)
            {
                return false;
            }
        }
        return true;
    }
}
