package io.flashsale.gateway.http;

import io.flashsale.gateway.GatewayMetrics;
import io.flashsale.gateway.engine.NodeStatus;
import io.netty.handler.codec.http.HttpResponseStatus;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** Health, metrics, the OpenAPI description and the two web pages (storefront, operator dashboard). */
public final class OpsApi
{
    /** One scrape at a time, a few waiting at most: more are answered 503 at once. */
    private static final ExecutorService SCRAPES = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
        new ArrayBlockingQueue<>(8), task ->
        {
            final Thread thread = new Thread(task, "metrics-scrape");
            thread.setDaemon(true);
            return thread;
        });
    private final GatewayMetrics metrics;
    private final NodeStatus status;
    private final byte[] openApi = resource("/openapi.yaml");
    private final byte[] storefront = resource("/web/index.html");
    private final byte[] dashboard = resource("/web/ops.html");

    public OpsApi(final GatewayMetrics metrics, final NodeStatus status)
    {
        this.status = status;
        this.metrics = metrics;
    }

    void health(final Exchange exchange)
    {
        final Map<String, Object> body = new LinkedHashMap<>();
        final boolean up = status.up(); // a primary whose lease ran out is down, not a replica
        body.put("status", up ? "UP" : "DOWN");
        body.put("role", status.role().name());
        if (status.role() != NodeStatus.Role.EDGE)
        {
            body.put("journalIndex", status.journalIndex());
        }
        if (status.replication() != null)
        {
            body.put("replication", status.replication());
        }
        body.putAll(status.healthDetails());
        exchange.respond(JsonResponses.json(up ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE, body));
    }

    /**
     * Written on a thread of its own, answered on the connection's loop: a scrape formats every
     * histogram bucket (tens of milliseconds), and on the event loop it held up every request of the
     * connections that loop serves (seen as a 200 ms spike at 25,000 reservations/s).
     */
    void metrics(final Exchange exchange)
    {
        final var loop = exchange.ctx().channel().eventLoop();
        try
        {
            SCRAPES.execute(() ->
            {
                final byte[] text = metrics.scrape().getBytes(StandardCharsets.UTF_8);
                loop.execute(() -> exchange.respond(JsonResponses.bytes(HttpResponseStatus.OK, text,
                    "text/plain; version=0.0.4; charset=utf-8")));
            });
        }
        catch (final RejectedExecutionException ex)
        {
            exchange.respond(JsonResponses.retryLater(HttpResponseStatus.SERVICE_UNAVAILABLE, "OVERLOADED",
                "scrapes are already waiting", 1));
        }
    }

    void openApi(final Exchange exchange)
    {
        exchange.respond(JsonResponses.bytes(HttpResponseStatus.OK, openApi, "application/yaml"));
    }

    void storefront(final Exchange exchange)
    {
        exchange.respond(JsonResponses.bytes(HttpResponseStatus.OK, storefront, "text/html; charset=utf-8"));
    }

    void dashboard(final Exchange exchange)
    {
        exchange.respond(JsonResponses.bytes(HttpResponseStatus.OK, dashboard, "text/html; charset=utf-8"));
    }

    private static byte[] resource(final String name)
    {
        try (InputStream in = OpsApi.class.getResourceAsStream(name))
        {
            if (in == null)
            {
                throw new IllegalStateException(name + " is missing from the gateway's resources");
            }
            return in.readAllBytes();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
