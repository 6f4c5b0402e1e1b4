package io.flashsale.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The gateway's Prometheus metrics (Micrometer): requests by route and status with latency
 * histograms, rate-limited requests, open streams. What lies under the seams (the engine, Redis,
 * the lease, the backstop) registers its own meters on {@link #registry()}.
 */
public final class GatewayMetrics
{
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter rateLimited;
    private final AtomicLong streams = new AtomicLong();
    private final java.util.concurrent.ConcurrentHashMap<String, Timer[]> timers = new java.util.concurrent.ConcurrentHashMap<>();

    public GatewayMetrics()
    {
        rateLimited = Counter.builder("flashsale_rate_limited_requests").description("requests refused with 429")
            .register(registry);
        Gauge.builder("flashsale_sse_connections", streams, AtomicLong::get).description("open availability streams")
            .register(registry);
    }

    /** For parts that register their own meters. */
    public io.micrometer.core.instrument.MeterRegistry registry()
    {
        return registry;
    }

    public void requestDone(final String route, final int status, final long nanos)
    {
        // one Timer per (route, status), built once and found without building a key per request
        final Timer[] byStatus = timers.computeIfAbsent(route, key -> new Timer[600]);
        final int slot = status >= 0 && status < byStatus.length ? status : 0;
        Timer timer = byStatus[slot];
        if (timer == null)
        {
            // two event loops may both get here: the registry hands both the same Timer
            timer = Timer.builder("flashsale_http_requests").tag("route", route).tag("status", Integer.toString(status))
                .publishPercentileHistogram().maximumExpectedValue(Duration.ofSeconds(10)).register(registry);
            byStatus[slot] = timer;
        }
        timer.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
        if (status == 429)
        {
            rateLimited.increment();
        }
    }

    public void streamOpened()
    {
        streams.incrementAndGet();
    }

    public void streamClosed()
    {
        streams.decrementAndGet();
    }

    public String scrape()
    {
        return registry.scrape();
    }
}
