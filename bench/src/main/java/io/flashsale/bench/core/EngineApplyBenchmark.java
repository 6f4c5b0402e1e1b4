package io.flashsale.bench.core;

import io.flashsale.engine.command.Command;
import io.flashsale.engine.command.CommandRequest;
import io.flashsale.engine.command.ProductDefinition;
import io.flashsale.engine.command.ResultCode;
import io.flashsale.engine.state.EngineConfig;
import io.flashsale.engine.state.EngineListener;
import io.flashsale.engine.state.ReservationEngine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.concurrent.TimeUnit;

/**
 * The state machine alone, on the benchmark thread: one {@link ReservationMix} command per
 * operation, no ring, no threads. Metric: commands/s.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EngineApplyBenchmark
{
    private final Command slot = new Command();
    private ReservationEngine engine;
    private ReservationMix mix;
    private long failures;

    @Setup
    public void setUp()
    {
        engine = new ReservationEngine(EngineConfig.defaults(0), EngineListener.NONE);
        mix = new ReservationMix(0);
        for (final ProductDefinition product : ReservationMix.products())
        {
            new CommandRequest.UpsertProduct(product, ReservationMix.START_TIME, 0).copyTo(slot);
            engine.apply(slot);
        }
    }

    @Benchmark
    public ResultCode applyMix()
    {
        mix.fill(slot);
        engine.apply(slot);
        if (slot.result != ResultCode.OK)
        {
            failures++;
        }
        return slot.result;
    }

    @TearDown
    public void checkEveryCommandSucceeded()
    {
        if (failures > 0)
        {
            throw new IllegalStateException(failures + " commands of the mix failed: the workload is not what it claims");
        }
    }
}
