package io.flashsale.gateway.http;

import io.flashsale.engine.command.CommandRequest;
import io.flashsale.engine.command.KeyHash;
import io.flashsale.engine.command.ResultCode;
import io.flashsale.engine.shard.PublishedSku;
import io.flashsale.gateway.engine.AvailabilitySource;
import io.flashsale.gateway.search.ProductSearch;
import io.flashsale.gateway.search.SearchCache;
import io.netty.handler.codec.http.HttpResponseStatus;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The shopper API. Reads are answered from what the logic threads publish (never the ring); writes
 * and reservation reads go through the SKU's shard ring and are answered when the engine is done.
 */
public final class ShopperApi
{
    private static final int MAX_IDEMPOTENCY_KEY = 64;
    private static final int MAX_QUERY = 100;
    private static final int MAX_RESULTS = 50;
    private static final int MAX_STREAMED = 1_000;

    private final EngineRequests engine;
    private final AvailabilitySource source;
    private final LongSupplier clock;
    private final ProductSearch search;
    private final SearchCache searchCache;

    /**
     * @param searchCache the shared search cache, or null for none.
     */
    public ShopperApi(final EngineRequests engine, final AvailabilitySource source, final LongSupplier clock,
        final SearchCache searchCache)
    {
        this.engine = engine;
        this.source = source;
        this.clock = clock;
        this.search = new ProductSearch(source::products);
        this.searchCache = searchCache;
    }

    void products(final Exchange exchange)
    {
        exchange.respond(JsonResponses.json(HttpResponseStatus.OK,
            Map.of("products", source.products().stream().map(JsonViews::product).toList())));
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
            final PublishedSku sku = source.find(hit.sku());
            if (sku != null)
            {
                final Map<String, Object> view = new LinkedHashMap<>();
                view.put("sku", sku.sku());
                view.put("name", sku.product().name());
                view.put("priceCents", sku.product().priceCents());
                view.put("score", hit.score());
                view.put("available", sku.availability().read().available);
                results.add(view);
            }
        }
        final Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", normalised);
        body.put("total", result.total());
        body.put("results", results);
        exchange.respond(JsonResponses.json(HttpResponseStatus.OK, body));
    }

    void product(final Exchange exchange, final String sku)
    {
        final PublishedSku published = engine.find(sku);
        if (engine.forwarder().readUnvouched(exchange, published.sku()))
        {
            return;
        }
        exchange.respond(JsonResponses.json(HttpResponseStatus.OK, JsonViews.product(published)));
    }

    /** The hottest read (250 K/s a SKU at peak): written by hand, no map, no serializer. */
    void availability(final Exchange exchange, final String sku)
    {
        final PublishedSku published = engine.find(sku);
        if (engine.forwarder().readUnvouched(exchange, published.sku()))
        {
            return;
        }
        exchange.respond(JsonResponses.bytes(HttpResponseStatus.OK,
            JsonViews.availabilityJson(published.sku(), published.availability().read()), EngineRequests.JSON_UTF8));
    }

    /** The stream's SKU, or a 404. */
    PublishedSku find(final String sku)
    {
        return engine.find(sku);
    }

    /**
     * The many-SKU stream's SKUs: those named (comma-separated, each known, else a 404), or every
     * SKU when none is named.
     */
    List<PublishedSku> streamed(final String skus)
    {
        if (skus == null)
        {
            return source.products();
        }
        final String[] codes = skus.split(",", -1);
        if (codes.length > MAX_STREAMED)
        {
            throw ApiError.invalid("at most " + MAX_STREAMED + " SKUs a stream");
        }
        final List<PublishedSku> streamed = new ArrayList<>(codes.length);
        for (final String code : codes)
        {
            final PublishedSku sku = engine.find(code.trim());
            if (!streamed.contains(sku))
            {
                streamed.add(sku);
            }
        }
        return streamed;
    }

    void reserve(final Exchange exchange)
    {
        final String user = exchange.caller();
        final RequestBodies.ReserveBody body = RequestBodies.reserve(exchange.request().content());
        final String key = exchange.request().headers().get("Idempotency-Key");
        if (key != null && (key.isEmpty() || key.length() > MAX_IDEMPOTENCY_KEY || !isPrintableAscii(key)))
        {
            throw ApiError.invalid("Idempotency-Key must be 1-64 printable ASCII characters");
        }
        final PublishedSku sku = engine.findForWrite(body.sku());
        if (engine.forwarder().toOwnerOf(exchange, sku.sku()))
        {
            return;
        }
        final byte[] keyBytes = key == null ? null : key.getBytes(StandardCharsets.US_ASCII);
        final CommandRequest request = new CommandRequest.Reserve(sku.skuIndex(), user.getBytes(StandardCharsets.US_ASCII),
            body.quantity(), keyBytes == null ? 0 : KeyHash.hash(keyBytes, 0, keyBytes.length),
            keyBytes == null ? 0 : KeyHash.hashSecondary(keyBytes, 0, keyBytes.length), clock.getAsLong(), 0);
        engine.submit(exchange, sku.shard(), request, answer ->
        {
            if (answer.result() == ResultCode.OK)
            {
                // a replayed key answers with its first reservation, whatever SKU this request named
                final String held = engine.skuOf(sku.shard(), answer, sku.sku());
                exchange.respond(engine.withAvailability(JsonResponses.bytes(HttpResponseStatus.CREATED,
                    JsonViews.reservation(answer, engine.reservationIds(), held, user), EngineRequests.JSON_UTF8), held));
            }
            else
            {
                exchange.respond(engine.withAvailability(EngineRequests.refusalOf(answer), sku.sku()));
            }
        });
    }

    void readReservation(final Exchange exchange, final String id)
    {
        final String user = exchange.caller();
        if (engine.forwarder().toGroupOf(exchange, id))
        {
            return;
        }
        final long reservationId = engine.reservationId(id);
        engine.submitForReservation(exchange, reservationId,
            new CommandRequest.ReadReservation(reservationId, user.getBytes(StandardCharsets.US_ASCII), clock.getAsLong(), 0),
            answer -> engine.reservationAnswer(exchange, answer, user));
    }

    void finishReservation(final Exchange exchange, final String id, final boolean confirm)
    {
        final String user = exchange.caller();
        if (engine.forwarder().toGroupOf(exchange, id))
        {
            return;
        }
        final long reservationId = engine.reservationId(id);
        final byte[] userId = user.getBytes(StandardCharsets.US_ASCII);
        final long now = clock.getAsLong();
        engine.submitForReservation(exchange, reservationId,
            confirm ? CommandRequest.confirm(reservationId, userId, now, 0) : CommandRequest.cancel(reservationId, userId, now, 0),
            answer -> engine.reservationAnswer(exchange, answer, user));
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
