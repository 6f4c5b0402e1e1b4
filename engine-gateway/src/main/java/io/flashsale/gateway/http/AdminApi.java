package io.flashsale.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.flashsale.engine.command.CommandRequest;
import io.flashsale.engine.command.ProductDefinition;
import io.flashsale.engine.command.ResultCode;
import io.flashsale.engine.shard.PublishedSku;
import io.flashsale.engine.state.ExpiryLayer;
import io.flashsale.gateway.GatewayMetrics;
import io.flashsale.gateway.engine.AvailabilitySource;
import io.flashsale.gateway.engine.EngineFigures;
import io.flashsale.gateway.engine.EngineProxy;
import io.flashsale.gateway.engine.NodeStatus;
import io.flashsale.gateway.identity.BearerToken;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/** The admin API: bearer admin token (constant-time check); products, closing a sale, the backstop's expire, stats. */
public final class AdminApi
{
    private static final Set<String> PRODUCT_FIELDS = Set.of("sku", "name", "description", "category", "priceCents",
        "stock", "perUserLimit", "holdSeconds", "saleStart", "saleEnd");

    private final EngineRequests requests;
    private final EngineProxy engine;
    private final AvailabilitySource source;
    private final String token;
    private final LongSupplier clock;
    private final GatewayMetrics metrics;
    private final NodeStatus status;

    public AdminApi(final EngineRequests requests, final EngineProxy engine, final AvailabilitySource source,
        final String token, final LongSupplier clock, final GatewayMetrics metrics, final NodeStatus status)
    {
        this.metrics = metrics;
        this.status = status;
        this.requests = requests;
        this.engine = engine;
        this.source = source;
        this.token = token;
        this.clock = clock;
    }

    void authorize(final Exchange exchange)
    {
        if (token == null)
        {
            throw ApiError.unauthenticated("the admin API is disabled (no FLASHSALE_ADMIN_TOKEN)");
        }
        if (!BearerToken.matches(BearerToken.of(exchange.request().headers().get(HttpHeaderNames.AUTHORIZATION)), token))
        {
            throw ApiError.unauthenticated("missing or wrong admin token");
        }
    }

    void upsertProduct(final Exchange exchange, final String sku)
    {
        authorize(exchange);
        if (sku.isEmpty() || sku.length() > ProductDefinition.MAX_SKU_LENGTH || !sku.matches("[A-Za-z0-9_.-]+"))
        {
            throw ApiError.invalid("a SKU is 1-64 characters of [A-Za-z0-9_.-]");
        }
        final JsonNode body = RequestBodies.object(exchange.request().content(), PRODUCT_FIELDS);
        if (body.has("sku") && !sku.equals(body.get("sku").asText()))
        {
            throw ApiError.invalid("sku in the body differs from the path");
        }
        if (requests.forwarder().toOwnerOf(exchange, sku))
        {
            return;
        }
        requests.refuseIfElsewhere(sku);
        final int shard = engine.shardFor(sku);
        final PublishedSku existing = source.find(sku);
        final ProductDefinition old = existing == null ? null : existing.product();
        final ProductDefinition product = new ProductDefinition(sku,
            text(body, "name", old == null ? null : old.name(), ProductDefinition.MAX_NAME_LENGTH),
            text(body, "description", old == null ? "" : old.description(), ProductDefinition.MAX_DESCRIPTION_LENGTH),
            text(body, "category", old == null ? "general" : old.category(), ProductDefinition.MAX_CATEGORY_LENGTH),
            number(body, "priceCents", old == null ? -1 : old.priceCents(), Integer.MAX_VALUE),
            (int)number(body, "stock", old == null ? -1 : old.stock(), 100_000_000),
            (int)number(body, "perUserLimit", old == null ? -1 : old.perUserLimit(), 1_000_000),
            (int)number(body, "holdSeconds", old == null ? ProductDefinition.DEFAULT_HOLD_SECONDS : old.holdSeconds(), 86_400),
            time(body, "saleStart", old == null ? clock.getAsLong() : old.saleStart()),
            time(body, "saleEnd", old == null ? Long.MAX_VALUE : old.saleEnd()));
        if (!product.isValid())
        {
            throw ApiError.invalid("a product needs name, priceCents >= 0, stock >= 0, perUserLimit >= 1, " +
                "holdSeconds 1..86400 and saleEnd after saleStart");
        }
        requests.submit(exchange, shard, new CommandRequest.UpsertProduct(product, clock.getAsLong(), 0), answer ->
        {
            if (answer.result() == ResultCode.OK)
            {
                exchange.respond(JsonResponses.json(existing == null ? HttpResponseStatus.CREATED : HttpResponseStatus.OK,
                    JsonViews.product(source.find(sku))));
            }
            else if (answer.result() == ResultCode.INVALID_STATE)
            {
                exchange.respond(JsonResponses.error(HttpResponseStatus.CONFLICT, "INVALID_STATE",
                    "stock may not drop below held + sold"));
            }
            else
            {
                exchange.respond(JsonResponses.error(Answers.status(answer.result()), answer.result().name(),
                    "the product was refused"));
            }
        });
    }

    void closeSale(final Exchange exchange, final String sku)
    {
        authorize(exchange);
        final PublishedSku published = requests.findForWrite(sku);
        if (requests.forwarder().toOwnerOf(exchange, sku))
        {
            return;
        }
        requests.submit(exchange, published.shard(),
            new CommandRequest.CloseSale(published.skuIndex(), clock.getAsLong(), 0),
            answer -> exchange.respond(JsonResponses.json(HttpResponseStatus.OK, JsonViews.availability(published))));
    }

    void expire(final Exchange exchange, final String id)
    {
        authorize(exchange);
        if (requests.forwarder().toGroupOf(exchange, id))
        {
            return;
        }
        final long reservationId = requests.reservationId(id);
        requests.submitForReservation(exchange, reservationId, new CommandRequest.Expire(reservationId, clock.getAsLong(), 0),
            answer -> requests.reservationAnswer(exchange, answer, null));
    }

    private Map<String, Object> engineFigures()
    {
        final EngineFigures figures = engine.figures();
        final List<Map<String, Object>> shards = new ArrayList<>();
        for (final EngineFigures.Shard shard : figures.shards())
        {
            final Map<String, Object> figure = new LinkedHashMap<>();
            figure.put("shard", shard.shard());
            figure.put("ringSize", shard.ringSize());
            figure.put("ringRemaining", shard.ringRemaining());
            figure.put("ringFill", 1.0 - (double)shard.ringRemaining() / shard.ringSize());
            figure.put("commands", shard.commands());
            figure.put("commandsWithoutTicks", shard.commandsWithoutTicks());
            figure.put("batches", shard.batches());
            figure.put("maxBatchSize", shard.maxBatchSize());
            figure.put("holdsActive", shard.holdsActive());
            final Map<String, Object> expiries = new LinkedHashMap<>();
            for (final ExpiryLayer layer : ExpiryLayer.values())
            {
                expiries.put(layer.name().toLowerCase(Locale.ROOT), shard.expiriesByLayer()[layer.ordinal()]);
            }
            figure.put("expiriesByLayer", expiries);
            figure.put("skus", shard.skus());
            shards.add(figure);
        }
        final Map<String, Object> body = new LinkedHashMap<>();
        body.put("journalIndex", figures.journalIndex());
        body.put("shards", shards);
        return body;
    }

    void stats(final Exchange exchange)
    {
        authorize(exchange);
        exchange.respond(JsonResponses.json(HttpResponseStatus.OK, engineFigures()));
    }

    /**
     * The dashboard's one poll (about once a second): the engine's figures, the node's role, the
     * gateway's requests and latency buckets by route, rate-limited requests, Redis lag. Counters
     * are cumulative: the page turns them into rates and percentiles over its last seconds.
     */
    void dashboard(final Exchange exchange)
    {
        authorize(exchange);
        final Map<String, Object> body = new LinkedHashMap<>();
        body.put("at", JsonViews.time(clock.getAsLong()));
        body.put("role", status.role().name());
        body.put("up", status.up());
        body.put("engine", engineFigures());
        body.put("http", metrics.latencyBuckets());
        body.put("redisLagSeconds", metrics.gauge("flashsale_redis_publish_lag_seconds"));
        exchange.respond(JsonResponses.json(HttpResponseStatus.OK, body));
    }

    private static String text(final JsonNode body, final String field, final String fallback, final int max)
    {
        final JsonNode value = body.get(field);
        if (value == null)
        {
            return fallback;
        }
        if (!value.isTextual() || value.asText().length() > max)
        {
            throw ApiError.invalid(field + " must be a string of at most " + max + " characters");
        }
        return value.asText();
    }

    private static long number(final JsonNode body, final String field, final long fallback, final long max)
    {
        if (!body.has(field))
        {
            return fallback;
        }
        return RequestBodies.integer(body, field, 0, (int)Math.min(max, Integer.MAX_VALUE), true);
    }

    private static long time(final JsonNode body, final String field, final long fallback)
    {
        final JsonNode value = body.get(field);
        if (value == null)
        {
            return fallback;
        }
        if (value.isNull() && field.equals("saleEnd"))
        {
            return Long.MAX_VALUE;
        }
        try
        {
            return Instant.parse(value.asText()).toEpochMilli();
        }
        catch (final DateTimeParseException | ArithmeticException ex)
        {
            throw ApiError.invalid(field + " must be an ISO-8601 UTC time such as 2026-11-24T10:00:00.000Z");
        }
    }
}
