package io.flashsale.bench.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A run's report: a Markdown table (throughput, p50/p90/p99/p99.9/max, answers by status), the
 * same as JSON, and a percentile plot (PNG, XChart) — in {@code bench/reports/} under
 * {@code http-<label>-<date>.*}.
 */
public final class LoadReport
{
    /** One operation's figures. Latencies in milliseconds. */
    public record Row(String operation, long requests, double perSecond, double p50, double p90, double p99,
        double p999, double max, Map<String, Long> statuses)
    {
    }

    public record Summary(String label, String scenario, double targetRate, int connections, double seconds,
        List<Row> rows, int connectionsLost, long unanswered, SaleChecks.Result checks)
    {
    }

    private LoadReport()
    {
    }

    public static Summary summarise(final String label, final HttpLoadGenerator.Plan plan,
        final HttpLoadGenerator.Outcome outcome, final SaleChecks.Result checks)
    {
        final double seconds = outcome.measuredNanos() / 1e9;
        final Map<String, Histogram> histograms = outcome.latencies().total();
        final Map<String, Long> statuses = outcome.latencies().statuses();
        final List<Row> rows = new ArrayList<>();
        Histogram all = null;
        final Map<String, Long> allStatuses = new TreeMap<>();
        for (final Map.Entry<String, Histogram> entry : histograms.entrySet())
        {
            final Map<String, Long> own = new TreeMap<>();
            statuses.forEach((key, count) ->
            {
                final int space = key.lastIndexOf(' ');
                if (key.substring(0, space).equals(entry.getKey()))
                {
                    own.merge(key.substring(space + 1), count, Long::sum);
                    allStatuses.merge(key.substring(space + 1), count, Long::sum);
                }
            });
            rows.add(row(entry.getKey(), entry.getValue(), seconds, own));
            all = all == null ? entry.getValue().copy() : add(all, entry.getValue());
        }
        if (histograms.size() > 1)
        {
            rows.add(row("all", all, seconds, allStatuses));
        }
        return new Summary(label, plan.scenario().name(), plan.rate(), plan.connections(), seconds, rows,
            outcome.connectionsLost(), outcome.unanswered(), checks);
    }

    private static Histogram add(final Histogram into, final Histogram more)
    {
        into.add(more);
        return into;
    }

    private static Row row(final String operation, final Histogram h, final double seconds, final Map<String, Long> statuses)
    {
        return new Row(operation, h.getTotalCount(), h.getTotalCount() / seconds, ms(h.getValueAtPercentile(50)),
            ms(h.getValueAtPercentile(90)), ms(h.getValueAtPercentile(99)), ms(h.getValueAtPercentile(99.9)),
            ms(h.getMaxValue()), statuses);
    }

    private static double ms(final long micros)
    {
        return micros / 1000.0;
    }

    public static String markdown(final Summary summary)
    {
        final StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "%s: scenario `%s`, %,.0f req/s intended over %d connections, %.0f s measured%n%n",
            summary.label(), summary.scenario(), summary.targetRate(), summary.connections(), summary.seconds()));
        md.append("| operation | requests | req/s | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | answers by status |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (final Row r : summary.rows())
        {
            md.append(String.format(Locale.ROOT, "| %s | %,d | %,.0f | %.2f | %.2f | %.2f | %.2f | %.2f | %s |%n",
                r.operation(), r.requests(), r.perSecond(), r.p50(), r.p90(), r.p99(), r.p999(), r.max(),
                r.statuses().toString().replace("{", "").replace("}", "").replace("=", ": ")));
        }
        md.append(String.format(Locale.ROOT, "%nConnections lost: %d; requests unanswered at the end: %d. Checks: %s%n",
            summary.connectionsLost(), summary.unanswered(), summary.checks() == null ? "not run" :
                summary.checks().passed() ? "passed (" + summary.checks().skusChecked() + " SKUs conserved and not oversold, " +
                    summary.checks().holdsChecked() + " reservations answered 201 all found)" :
                    "FAILED: " + summary.checks().failures()));
        return md.toString();
    }

    /** Writes the .md, .json and .png; @return the Markdown file. */
    public static Path write(final Path reports, final Summary summary, final Map<String, Histogram> histograms)
        throws IOException
    {
        Files.createDirectories(reports);
        final String stem = "http-" + summary.label() + "-" + LocalDate.now(ZoneOffset.UTC);
        final Path markdown = reports.resolve(stem + ".md");
        Files.writeString(markdown, markdown(summary) + "\n![percentiles](" + stem + ".png)\n");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(reports.resolve(stem + ".json").toFile(), summary);
        plot(summary, histograms, reports.resolve(stem + ".png"));
        return markdown;
    }

    /** Latency by percentile, the x axis as 1/(1-p) on a log scale (10 = p90, 100 = p99, 1000 = p99.9). */
    private static void plot(final Summary summary, final Map<String, Histogram> histograms, final Path file)
        throws IOException
    {
        System.setProperty("java.awt.headless", "true");
        final XYChart chart = new XYChartBuilder().width(900).height(520)
            .title(summary.label() + ": latency by percentile (corrected for coordinated omission)")
            .xAxisTitle("percentile as 1/(1-p): 2 = p50, 10 = p90, 100 = p99, 1000 = p99.9")
            .yAxisTitle("latency (ms)").build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setMarkerSize(0);
        for (final Map.Entry<String, Histogram> entry : new LinkedHashMap<>(histograms).entrySet())
        {
            final List<Double> x = new ArrayList<>();
            final List<Double> y = new ArrayList<>();
            for (final HistogramIterationValue value : entry.getValue().percentiles(5))
            {
                final double p = value.getPercentileLevelIteratedTo() / 100.0;
                if (p >= 1.0)
                {
                    break;
                }
                x.add(1 / (1 - p));
                y.add(value.getValueIteratedTo() / 1000.0);
            }
            if (x.size() > 1)
            {
                chart.addSeries(entry.getKey(), x, y);
            }
        }
        if (!chart.getSeriesMap().isEmpty())
        {
            BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
        }
    }
}
