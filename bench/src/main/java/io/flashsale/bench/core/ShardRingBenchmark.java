package io.flashsale.bench.core;

import com.lmax.disruptor.EventTranslatorOneArg;
import io.flashsale.engine.command.Command;
import io.flashsale.engine.command.CommandRequest;
import io.flashsale.engine.command.ProductDefinition;
import io.flashsale.engine.shard.EngineShard;
import io.flashsale.engine.shard.ShardSettings;
import io.flashsale.engine.shard.ShardView;
import io.flashsale.engine.shard.WaitStrategyKind;
import io.flashsale.engine.state.EngineConfig;
import io.flashsale.engine.state.ReservationEngine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.concurrent.TimeUnit;

/**
 * One shard end to end, one producer:
 * <pre>
 *  benchmark thread --tryPublish--> ring (64K, multi-producer) --> logic (engine) --> completion (counter)
 * </pre>
 * An operation publishes {@link #BATCH} mix commands and waits until the completion stage has seen
 * them all. Metric: commands/s. Compare with {@link RawDisruptorBenchmark} at the same wait strategy.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ShardRingBenchmark
{
    static final int BATCH = 1 << 16;
    private static final EventTranslatorOneArg<Command, ReservationMix> FILL = (slot, sequence, mix) -> mix.fill(slot);

    @Param({"YIELDING", "BLOCKING"})
    public String waitStrategy;

    /** true: logic and completion on two threads; false: completion on the logic thread. */
    @Param({"true", "false"})
    public boolean dedicatedCompletion;

    private EngineShard shard;
    private ReservationMix mix;
    private CompletionCounter counter;
    private long published;

    @Setup
    public void setUp()
    {
        final ShardView view = new ShardView(0);
        final ReservationEngine engine = new ReservationEngine(EngineConfig.defaults(0), view);
        counter = new CompletionCounter();
        shard = new EngineShard(new ShardSettings(1 << 16, WaitStrategyKind.parse(waitStrategy), dedicatedCompletion), engine, view, null, counter)
            .start();
        mix = new ReservationMix(0);
        for (final ProductDefinition product : ReservationMix.products())
        {
            while (!shard.tryPublish(new CommandRequest.UpsertProduct(product, ReservationMix.START_TIME, 0)))
            {
                Thread.onSpinWait();
            }
            published++;
        }
        counter.awaitCompleted(published);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void publishBatchAndAwait()
    {
        for (int i = 0; i < BATCH; i++)
        {
            while (!shard.tryPublish(FILL, mix))
            {
                // a full ring: give the consumers the core instead of spinning on it (2 cores here)
                Thread.yield();
            }
        }
        published += BATCH;
        counter.awaitCompleted(published);
    }

    @TearDown
    public void tearDown()
    {
        shard.close();
        if (counter.failures() > 0)
        {
            throw new IllegalStateException(counter.failures() + " commands of the mix failed");
        }
    }
}
