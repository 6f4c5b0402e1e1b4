package io.flashsale.bench.core;

import io.flashsale.bench.BenchArgs;
import io.flashsale.bench.BenchReportFile;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code scripts/bench.sh core}: runs the engine's JMH benchmarks in one go with short settings and
 * the gc profiler, then prints one table with every figure as a ratio to its in-run baseline (the
 * machine is shared and noisy, so only same-run ratios are compared across runs).
 *
 * <p>Arguments: {@code [reportsDir] [warmupIterations] [measurementIterations] [secondsPerIteration]}.
 */
public final class CoreBenchReport
{
    private CoreBenchReport()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final BenchArgs arguments = new BenchArgs(args);
        final Path reportsDir = arguments.reports();
        final int warmups = (int)arguments.number(1, 3);
        final int measurements = (int)arguments.number(2, 5);
        final int seconds = (int)arguments.number(3, 1);
        final String flags = System.getenv().getOrDefault("FLASHSALE_JVM_FLAGS", "-Dchronicle.analytics.disable=true");

        final ChainedOptionsBuilder options = new OptionsBuilder()
            .include(EngineApplyBenchmark.class.getName())
            .include(ShardRingBenchmark.class.getName())
            .include(RawDisruptorBenchmark.class.getName())
            .include(TimerWheelBenchmark.class.getName())
            .include(CheckpointPauseBenchmark.class.getName())
            .forks(1)
            .warmupIterations(warmups)
            .warmupTime(TimeValue.seconds(seconds))
            .measurementIterations(measurements)
            .measurementTime(TimeValue.seconds(seconds))
            .addProfiler(GCProfiler.class)
            .jvmArgsAppend(flags.trim().split("\\s+"))
            .jvmArgsAppend("-Xms4g", "-Xmx4g");
        final Collection<RunResult> results = new Runner(options.build()).run();

        final Map<String, RunResult> byName = new HashMap<>();
        for (final RunResult result : results)
        {
            final String method = result.getParams().getBenchmark();
            final String wait = result.getParams().getParam("waitStrategy");
            final String dedicated = result.getParams().getParam("dedicatedCompletion");
            byName.put(method.substring(method.lastIndexOf('.', method.lastIndexOf('.') - 1) + 1) +
                (wait == null ? "" : "/" + wait) + (dedicated == null ? "" : "/" + dedicated), result);
        }
        final String table = table(byName);
        System.out.println();
        System.out.println(table);
        System.out.println("report: " + BenchReportFile.write(reportsDir, "core", table));
    }

    private static String table(final Map<String, RunResult> results)
    {
        final StringBuilder out = new StringBuilder();
        out.append("| # | benchmark | ops/s | ± (99.9%) | ratio | alloc B/op |\n");
        out.append("|---|---|---:|---:|---|---:|\n");
        row(out, "1", "state machine alone (reserve/confirm/cancel mix)",
            results.get("EngineApplyBenchmark.applyMix"), null, "");
        for (final String wait : new String[]{"YIELDING", "BLOCKING"})
        {
            final RunResult raw = results.get("RawDisruptorBenchmark.publishBatchAndAwait/" + wait);
            final String waitName = wait.toLowerCase(Locale.ROOT);
            row(out, "2", "one shard's ring, 1 producer, " + waitName + ", completion on its own thread",
                results.get("ShardRingBenchmark.publishBatchAndAwait/" + wait + "/true"), raw, "of raw Disruptor (3)");
            row(out, "2", "one shard's ring, 1 producer, " + waitName + ", completion on the logic thread",
                results.get("ShardRingBenchmark.publishBatchAndAwait/" + wait + "/false"), raw, "of raw Disruptor (3)");
            row(out, "3", "raw Disruptor 1P-1C no-op, " + waitName, raw, null, "ceiling");
        }
        final RunResult agrona = results.get("TimerWheelBenchmark.agronaDeadlineWheel");
        row(out, "4", "hierarchical timing wheel: schedule+cancel+advance",
            results.get("TimerWheelBenchmark.hierarchicalWheel"), agrona, "of Agrona DeadlineTimerWheel");
        row(out, "4", "Agrona DeadlineTimerWheel (peer), same work", agrona, null, "peer");
        final RunResult hash = results.get("CheckpointPauseBenchmark.stateHash");
        final RunResult serialise = results.get("CheckpointPauseBenchmark.serialiseSnapshot");
        if (hash != null && serialise != null)
        {
            final double hashMicros = hash.getPrimaryResult().getScore();
            final double serialiseMicros = serialise.getPrimaryResult().getScore();
            out.append(String.format(Locale.ROOT, "| 5 | logic-thread pause at a checkpoint, 200,000 holds: state hash | %.3f µs | | %.5f× of (5b) | |%n",
                hashMicros, hashMicros / serialiseMicros));
            out.append(String.format(Locale.ROOT, "| 5b | snapshot serialisation of the same state (now on the snapshot taker's thread) | %,.0f µs | | baseline | |%n",
                serialiseMicros));
        }
        return out.toString();
    }

    private static void row(final StringBuilder out, final String number, final String name, final RunResult result,
        final RunResult baseline, final String ratioLabel)
    {
        if (result == null)
        {
            out.append("| ").append(number).append(" | ").append(name).append(" | not run | | | |\n");
            return;
        }
        final Result primary = result.getPrimaryResult();
        final Result allocation = result.getSecondaryResults().get("gc.alloc.rate.norm");
        final String ratio = baseline == null ? ratioLabel :
            String.format(Locale.ROOT, "%.2f× %s", primary.getScore() / baseline.getPrimaryResult().getScore(), ratioLabel);
        out.append(String.format(Locale.ROOT, "| %s | %s | %,.0f | %,.0f | %s | %s |%n", number, name,
            primary.getScore(), primary.getScoreError(), ratio,
            allocation == null ? "n/a" : String.format(Locale.ROOT, "%.3f", allocation.getScore())));
    }
}
