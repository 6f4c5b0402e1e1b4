package io.flashsale.bench.load;

import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** {@code scripts/bench.sh http SCENARIO ...}: one constant-rate run against a running server, then its report. */
@Command(name = "load", mixinStandardHelpOptions = true,
    description = "Open-model constant-rate HTTP load (coordinated omission corrected) with HdrHistogram reports.")
public final class LoadMain implements Callable<Integer>
{
    @Parameters(index = "0", description = "reads | writes | steady | sale-open | overload")
    String scenario;
    @Option(names = "--url", description = "the server (default ${DEFAULT-VALUE})", defaultValue = "http://127.0.0.1:8080")
    URI url;
    @Option(names = "--rate", description = "requests per second, intended (default ${DEFAULT-VALUE})", defaultValue = "5000")
    double rate;
    @Option(names = "--seconds", description = "length of the measured run (default ${DEFAULT-VALUE})", defaultValue = "15")
    double seconds;
    @Option(names = "--warmup", description = "seconds of the same load before it, on the same connections, not " +
        "recorded (sale-open: on other SKUs and connections of its own) (default ${DEFAULT-VALUE})", defaultValue = "10")
    double warmup;
    @Option(names = "--connections", description = "keep-alive connections (default ${DEFAULT-VALUE})", defaultValue = "64")
    int connections;
    @Option(names = "--max-requests", description = "per connection (default: no bound)", defaultValue = "9223372036854775807")
    long maxRequests;
    @Option(names = "--label", description = "report name (default: the scenario)")
    String label;
    @Option(names = "--reports", description = "report folder (default ${DEFAULT-VALUE})", defaultValue = "bench/reports")
    Path reports;
    @Option(names = "--no-checks", description = "skip the checks after the run")
    boolean noChecks;
    @Option(names = "--progress", description = "a line a second even when not on a terminal")
    boolean progress;
    @Option(names = "--server-side", paramLabel = "ROUTE:STATUS", description = "also print the server's own " +
        "percentiles for these answers over the measured span (and its replication lag, if a replica follows)")
    String serverSide;

    public static void main(final String[] args)
    {
        System.exit(new CommandLine(new LoadMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception
    {
        final Path file = run();
        System.out.println("report: " + file);
        return 0;
    }

    /** Runs, checks, reports; @return the Markdown report. */
    public Path run() throws Exception
    {
        final AcceptedHolds accepted = new AcceptedHolds(200_000);
        final boolean terminal = progress || System.console() != null;
        // sale-open warms up on drill SKUs that sell out (Scenarios.drill) and on connections of its own
        // (the sale's own stock must be untouched when it opens); every other scenario warms up on the
        // connections it is then measured on
        final boolean warmApart = scenario.equals("sale-open") && warmup > 0;
        final ServerLatency server = serverSide == null ? null : new ServerLatency(url, serverSide);
        if (warmApart)
        {
            final Scenario warming = Scenarios.drill("w" + Long.toString(System.currentTimeMillis(), 36));
            if (terminal)
            {
                System.out.printf(Locale.ROOT, "warm-up: %.0f s, not recorded%n", warmup);
            }
            final long warming0 = System.nanoTime();
            HttpLoadGenerator.run(new HttpLoadGenerator.Plan(url, warming, rate, connections, (long)(warmup * 1e9), 0,
                maxRequests), latencies -> warmingTick(server, terminal, latencies, warming0));
        }
        final long warmupNanos = warmApart ? 0 : (long)(warmup * 1e9);
        if (terminal && !warmApart && warmup > 0)
        {
            System.out.printf(Locale.ROOT, "warm-up: the first %.0f s, on the same connections, not recorded%n", warmup);
        }
        final Scenario chosen = Scenarios.named(scenario, Long.toString(System.currentTimeMillis(), 36), accepted);
        final HttpLoadGenerator.Plan plan = new HttpLoadGenerator.Plan(url, chosen, rate, connections,
            warmupNanos + (long)(seconds * 1e9), warmupNanos, maxRequests);
        final long started = System.nanoTime();
        final HttpLoadGenerator.Outcome outcome = HttpLoadGenerator.run(plan, latencies -> warmingTick(server, terminal, latencies, started),
            () ->
            {
                if (server != null)
                {
                    server.start();
                }
            });
        if (server != null)
        {
            server.stop();
        }
        final Map<String, Histogram> histograms = outcome.latencies().total();
        final SaleChecks.Result checks = noChecks ? null : SaleChecks.run(url, chosen.skus(), accepted.kept());
        final LoadReport.Summary summary = LoadReport.summarise(label == null ? scenario : label, plan, outcome, checks);
        System.out.println();
        System.out.println(LoadReport.markdown(summary));
        final Histogram late = outcome.timerLateness();
        System.out.printf(Locale.ROOT, "generator's own delay (a send due on an idle connection, how late it went): " +
            "p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms over %,d sends%n", late.getValueAtPercentile(50) / 1e3,
            late.getValueAtPercentile(99) / 1e3, late.getValueAtPercentile(99.9) / 1e3, late.getMaxValue() / 1e3,
            late.getTotalCount());
        if (server != null)
        {
            server.lines().forEach(System.out::println);
        }
        return LoadReport.write(reports, summary, histograms);
    }

    /** Each second: the server scraped while it warms up (see {@link ServerLatency#warmUp}), the progress line. */
    private static void warmingTick(final ServerLatency server, final boolean terminal, final LatencyRecorder latencies,
        final long since)
    {
        if (server != null)
        {
            server.warmUp();
        }
        progress(terminal, latencies, since);
    }

    private static void progress(final boolean terminal, final LatencyRecorder latencies, final long since)
    {
        if (terminal)
        {
            printProgress(latencies.interval(), (System.nanoTime() - since) / 1e9);
        }
    }

    private static void printProgress(final Map<String, Histogram> interval, final double elapsed)
    {
        final StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%5.1f s", elapsed));
        interval.forEach((operation, h) -> line.append(String.format(Locale.ROOT, "  %s %,d/s p99 %.2f ms",
            operation, h.getTotalCount(), h.getValueAtPercentile(99) / 1000.0)));
        System.out.println(line);
    }

}
