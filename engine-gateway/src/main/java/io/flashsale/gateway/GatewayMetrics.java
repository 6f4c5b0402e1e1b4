package io.flashsale.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The gateway's Prometheus metrics (Micrometer): requests by route and status with latency
 * histograms, rate-limited requests, open streams. What lies under the seams (the engine, Redis,
 * the lease, the backstop) registers its own meters on {@link #registry()}.
 */
public final class GatewayMetrics
{
    /** Buckets exactly at the latency goals (1 ms p99, 5 ms p99.9), so a run can be read against them. */
    private static final Duration[] GOALS = {Duration.ofMillis(1), Duration.ofMillis(5)};
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
        // every thread's allocation so far: over a run, divided by the requests, the bytes a request costs
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        FunctionCounter.builder("flashsale_jvm_allocated_bytes", threads, com.sun.management.ThreadMXBean::getTotalThreadAllocatedBytes)
            .description("bytes allocated by all threads since start").register(registry);
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
            // two event loops may both get here: the registry hands both the same Timer; buckets from
            // 10 µs, so a sub-millisecond tail can be read off them
            timer = Timer.builder("flashsale_http_requests").tag("route", route).tag("status", Integer.toString(status))
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(10_000))
                .maximumExpectedValue(Duration.ofSeconds(10)).serviceLevelObjectives(GOALS).register(registry);
            byStatus[slot] = timer;
        }
        timer.record(nanos, TimeUnit.NANOSECONDS);
        if (status == 429)
        {
            rateLimited.increment();
        }
    }

    /**
     * For the dashboard: per route, over every status, the requests so far and how many took at most
     * each latency bucket's bound (cumulative, as Prometheus counts them). A viewer takes two of these
     * a few seconds apart and reads percentiles off the difference, so its figures are of the last
     * seconds, not of the process's life.
     */
    public Map<String, Object> latencyBuckets()
    {
        double[] boundsMillis = new double[0];
        final List<Map<String, Object>> routes = new ArrayList<>();
        for (final Map.Entry<String, Timer[]> route : new TreeMap<>(timers).entrySet())
        {
            long count = 0;
            long[] cumulative = null;
            for (final Timer timer : route.getValue())
            {
                if (timer == null)
                {
                    continue;
                }
                final HistogramSnapshot snapshot = timer.takeSnapshot();
                final CountAtBucket[] buckets = snapshot.histogramCounts();
                if (cumulative == null)
                {
                    cumulative = new long[buckets.length];
                    boundsMillis = new double[buckets.length];
                    for (int i = 0; i < buckets.length; i++)
                    {
                        boundsMillis[i] = buckets[i].bucket(TimeUnit.MILLISECONDS);
                    }
                }
                for (int i = 0; i < buckets.length && i < cumulative.length; i++)
                {
                    cumulative[i] += (long)buckets[i].count();
                }
                count += snapshot.count();
            }
            final Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("route", route.getKey());
            figures.put("count", count);
            figures.put("cumulative", cumulative == null ? new long[0] : cumulative);
            routes.add(figures);
        }
        final Map<String, Object> body = new LinkedHashMap<>();
        body.put("boundsMillis", boundsMillis);
        body.put("routes", routes);
        body.put("rateLimited", (long)rateLimited.count());
        return body;
    }

    /** A gauge's value as the parts under the seams registered it, or null when there is none (no Redis, say). */
    public Double gauge(final String name)
    {
        final Gauge gauge = registry.find(name).gauge();
        return gauge == null ? null : gauge.value();
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
