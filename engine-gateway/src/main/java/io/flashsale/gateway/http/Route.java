package io.flashsale.gateway.http;

import io.netty.handler.codec.http.HttpMethod;

/**
 * Every route the router serves: its method, its path as the OpenAPI description writes it, and
 * the name its requests are counted under in the metrics. The router names each request's route
 * with one of these (and nothing else), so this list is the router's whole vocabulary: the OpenAPI
 * test walks it.
 */
public enum Route
{
    STOREFRONT(HttpMethod.GET, "/", "storefront"),
    DASHBOARD(HttpMethod.GET, "/ops", "dashboard"),
    HEALTH(HttpMethod.GET, "/health", "health"),
    METRICS(HttpMethod.GET, "/metrics", "metrics"),
    OPENAPI(HttpMethod.GET, "/api/openapi.yaml", "openapi"),
    PRODUCTS(HttpMethod.GET, "/api/v1/products", "products"),
    PRODUCT(HttpMethod.GET, "/api/v1/products/{sku}", "product"),
    AVAILABILITY(HttpMethod.GET, "/api/v1/products/{sku}/availability", "availability"),
    AVAILABILITY_STREAM(HttpMethod.GET, "/api/v1/products/{sku}/availability/stream", "availability_stream"),
    AVAILABILITY_STREAM_ALL(HttpMethod.GET, "/api/v1/availability/stream", "availability_stream_all"),
    SEARCH(HttpMethod.GET, "/api/v1/search", "search"),
    RESERVE(HttpMethod.POST, "/api/v1/reservations", "reserve"),
    RESERVATION(HttpMethod.GET, "/api/v1/reservations/{id}", "reservation"),
    CONFIRM(HttpMethod.POST, "/api/v1/reservations/{id}/confirm", "confirm"),
    CANCEL(HttpMethod.POST, "/api/v1/reservations/{id}/cancel", "cancel"),
    ADMIN_PRODUCT(HttpMethod.PUT, "/admin/v1/products/{sku}", "admin_product"),
    ADMIN_CLOSE(HttpMethod.POST, "/admin/v1/products/{sku}/close", "admin_close"),
    ADMIN_EXPIRE(HttpMethod.POST, "/admin/v1/reservations/{id}/expire", "admin_expire"),
    ADMIN_STATS(HttpMethod.GET, "/admin/v1/stats", "admin_stats"),
    ADMIN_DASHBOARD(HttpMethod.GET, "/admin/v1/dashboard", "admin_dashboard");

    private final HttpMethod method;
    private final String path;
    private final String metricName;

    Route(final HttpMethod method, final String path, final String metricName)
    {
        this.method = method;
        this.path = path;
        this.metricName = metricName;
    }

    public HttpMethod method()
    {
        return method;
    }

    /** As in openapi.yaml: parameters in braces. */
    public String path()
    {
        return path;
    }

    public String metricName()
    {
        return metricName;
    }
}
