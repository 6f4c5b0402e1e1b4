package io.flashsale.bench.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The gateway's own view of a run's latency (decode to answer written, its
 * {@code flashsale_http_requests} histogram): the buckets scraped before and after the run, and the
 * percentiles of the difference, so the load generator's own pauses are not in them.
 * <pre>
 *   ServerLatency scrape URL FILE                  the histogram now, into FILE
 *   ServerLatency since FILE URL ROUTE STATUS      p50 p99 p99.9 max-bucket of what came after FILE
 * </pre>
 */
public final class ServerLatency
{
    private static final Pattern BUCKET = Pattern.compile(
        "^flashsale_http_requests_seconds_bucket\\{(.*)le=\"([^\"]+)\"[^}]*}\\s+(\\S+)", Pattern.MULTILINE);

    private ServerLatency()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        if (args[0].equals("scrape"))
        {
            Files.writeString(Path.of(args[2]), scrape(args[1]));
            return;
        }
        final Map<Double, Double> before = buckets(Files.readString(Path.of(args[1])), args[3], args[4]);
        final Map<Double, Double> after = buckets(scrape(args[2]), args[3], args[4]);
        final TreeMap<Double, Double> run = new TreeMap<>();
        after.forEach((le, count) -> run.put(le, count - before.getOrDefault(le, 0.0)));
        final double total = run.isEmpty() ? 0 : run.lastEntry().getValue();
        System.out.printf("server-side %s %s: %.0f requests, p50 <= %s, p99 <= %s, p99.9 <= %s%n", args[3], args[4], total,
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

    private static Map<Double, Double> buckets(final String metrics, final String route, final String status)
    {
        final Map<Double, Double> buckets = new TreeMap<>();
        final Matcher line = BUCKET.matcher(metrics);
        while (line.find())
        {
            if (line.group(1).contains("route=\"" + route + "\"") && line.group(1).contains("status=\"" + status + "\""))
            {
                final String le = line.group(2);
                buckets.put(le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le), Double.parseDouble(line.group(3)));
            }
        }
        return buckets;
    }

    private static String scrape(final String url) throws Exception
    {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/metrics")).build(),
            HttpResponse.BodyHandlers.ofString()).body();
    }
}
