package io.flashsale.bench.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's own view of a run, from its Prometheus histograms scraped just before recording starts
 * (nothing in flight) and again at the end: the percentiles of the difference, so the load
 * generator's own pauses are not in them. The gateway's {@code flashsale_http_requests} (decode to
 * answer written) for one route and status, and, when a replica follows,
 * {@code flashsale_replication_lag} (a batch's append to a replica's acknowledgement).
 */
final class ServerLatency
{
    private static final String REQUESTS = "flashsale_http_requests_seconds_bucket";
    private static final String REPLICATION_LAG = "flashsale_replication_lag_seconds_bucket";
    private static final Pattern COUNTS = Pattern.compile("^flashsale_http_requests_seconds_count\\{[^}]*}\\s+(\\S+)", Pattern.MULTILINE);
    private static final Pattern ALLOCATED = Pattern.compile("^flashsale_jvm_allocated_bytes_total(?:\\{[^}]*})?\\s+(\\S+)", Pattern.MULTILINE);

    /** One client, first used before the load starts: its start-up (classes, threads) falls outside the run. */
    private final HttpClient client = HttpClient.newHttpClient();
    private final URI server;
    private final String route;
    private final String status;
    private String before = "";
    private String after = "";
    private boolean recording;

    /** @param routeAndStatus e.g. {@code reserve:201} */
    ServerLatency(final URI server, final String routeAndStatus)
    {
        this.server = server;
        final int colon = routeAndStatus.indexOf(':');
        this.route = routeAndStatus.substring(0, colon);
        this.status = routeAndStatus.substring(colon + 1);
        before = scrape();
    }

    /**
     * Each second until recording starts: a scrape, as a Prometheus would scrape the server, so that its
     * JIT has seen a scrape's requests among the run's. In a run of reservations alone, the first scrape
     * took branches the loop's compiled code had never seen: the decoder's, the router's and the
     * allocator's hot code was deoptimised and compiled again, with the run's first 2 s at a p99 of
     * 30-140 ms.
     */
    void warmUp()
    {
        if (!recording)
        {
            scrape();
        }
    }

    /** When recording starts. */
    void start()
    {
        recording = true;
        before = scrape();
    }

    /** When the load ends (before any checks of the run send requests of their own). */
    void stop()
    {
        after = scrape();
    }

    /** A line per histogram the server has, and its allocation. */
    List<String> lines()
    {
        final String requests = summary(REQUESTS, "route=\"" + route + "\"", "status=\"" + status + "\"");
        final String lag = summary(REPLICATION_LAG);
        final List<String> lines = new ArrayList<>();
        lines.add("server-side " + route + " " + status + ": " + requests);
        final double answered = sum(after, COUNTS) - sum(before, COUNTS);
        final double allocated = sum(after, ALLOCATED) - sum(before, ALLOCATED);
        if (answered > 0 && allocated > 0)
        {
            lines.add(String.format("server allocation: %.0f bytes a request (every thread, over %.0f requests of every route)",
                allocated / answered, answered));
        }
        if (lag != null)
        {
            lines.add("replication lag (append to a replica's ack): " + lag);
        }
        return lines;
    }

    /** The sum of every sample of a counter (over all its labels). */
    private static double sum(final String metrics, final Pattern counter)
    {
        double sum = 0;
        final Matcher line = counter.matcher(metrics);
        while (line.find())
        {
            sum += Double.parseDouble(line.group(1));
        }
        return sum;
    }

    private String summary(final String metric, final String... labels)
    {
        final Map<Double, Double> start = buckets(before, metric, labels);
        final Map<Double, Double> end = buckets(after, metric, labels);
        if (end.isEmpty())
        {
            return null;
        }
        final TreeMap<Double, Double> run = new TreeMap<>();
        end.forEach((le, count) -> run.put(le, count - start.getOrDefault(le, 0.0)));
        final double total = run.lastEntry().getValue();
        return String.format("%.0f, p50 <= %s, p99 <= %s, p99.9 <= %s", total,
            quantile(run, total, 0.50), quantile(run, total, 0.99), quantile(run, total, 0.999));
    }

    private static String quantile(final TreeMap<Double, Double> cumulative, final double total, final double q)
    {
        for (final Map.Entry<Double, Double> bucket : cumulative.entrySet())
        {
            if (bucket.getValue() >= q * total)
            {
                return bucket.getKey().isInfinite() ? "+Inf" : String.format("%.3f ms", bucket.getKey() * 1e3);
            }
        }
        return "n/a";
    }

    /** Cumulative counts by upper bound (seconds) of the metric's buckets whose labels hold all of {@code labels}. */
    private static Map<Double, Double> buckets(final String metrics, final String metric, final String... labels)
    {
        final Pattern bucket = Pattern.compile("^" + metric + "\\{(.*)le=\"([^\"]+)\"[^}]*}\\s+(\\S+)", Pattern.MULTILINE);
        final Map<Double, Double> buckets = new TreeMap<>();
        final Matcher line = bucket.matcher(metrics);
        while (line.find())
        {
            boolean matches = true;
            for (final String label : labels)
            {
                matches &= line.group(1).contains(label);
            }
            if (matches)
            {
                final String le = line.group(2);
                buckets.merge(le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le),
                    Double.parseDouble(line.group(3)), Double::sum);
            }
        }
        return buckets;
    }

    private String scrape()
    {
        try
        {
            return client.send(HttpRequest.newBuilder(server.resolve("/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        }
        catch (final Exception ex)
        {
            return "";
        }
    }
}
