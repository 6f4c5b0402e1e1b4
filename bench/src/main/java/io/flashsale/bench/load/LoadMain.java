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
    @Option(names = "--warmup", description = "seconds of the same load before it, not recorded, on a schedule of " +
        "its own so its backlog (JIT, connection set-up) does not spill into the measurement (default ${DEFAULT-VALUE})",
        defaultValue = "10")
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
        if (warmup > 0)
        {
            // sale-open warms up on other SKUs: the sale's own stock must be untouched when it opens
            final Scenario warming = Scenarios.named(scenario.equals("sale-open") ? "writes" : scenario,
                "w" + Long.toString(System.currentTimeMillis(), 36), new AcceptedHolds(0));
            if (terminal)
            {
                System.out.printf(Locale.ROOT, "warm-up: %.0f s, not recorded%n", warmup);
            }
            HttpLoadGenerator.run(new HttpLoadGenerator.Plan(url, warming, rate, connections, (long)(warmup * 1e9), 0,
                maxRequests), latencies -> { });
        }
        final Scenario chosen = Scenarios.named(scenario, Long.toString(System.currentTimeMillis(), 36), accepted);
        final HttpLoadGenerator.Plan plan = new HttpLoadGenerator.Plan(url, chosen, rate, connections,
            (long)(seconds * 1e9), 0, maxRequests);
        final long started = System.nanoTime();
        final HttpLoadGenerator.Outcome outcome = HttpLoadGenerator.run(plan, latencies ->
        {
            if (terminal)
            {
                printProgress(latencies.interval(), (System.nanoTime() - started) / 1e9);
            }
        });
        final Map<String, Histogram> histograms = outcome.latencies().total();
        final SaleChecks.Result checks = noChecks ? null : SaleChecks.run(url, chosen.skus(), accepted.kept());
        final LoadReport.Summary summary = LoadReport.summarise(label == null ? scenario : label, plan, outcome, checks);
        System.out.println();
        System.out.println(LoadReport.markdown(summary));
        return LoadReport.write(reports, summary, histograms);
    }

    private static void printProgress(final Map<String, Histogram> interval, final double elapsed)
    {
        final StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%5.1f s", elapsed));
        interval.forEach((operation, h) -> line.append(String.format(Locale.ROOT, "  %s %,d/s p99 %.2f ms",
            operation, h.getTotalCount(), h.getValueAtPercentile(99) / 1000.0)));
        System.out.println(line);
    }

}
