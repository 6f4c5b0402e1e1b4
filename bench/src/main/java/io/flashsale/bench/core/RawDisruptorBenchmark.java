package io.flashsale.bench.core;

import com.lmax.disruptor.EventTranslator;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import io.flashsale.engine.shard.WaitStrategyKind;
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
 * The ceiling: a raw Disruptor, one producer, one consumer whose handler does nothing, same ring
 * size, batch and wait as {@link ShardRingBenchmark}.
 * <pre>
 *  benchmark thread --tryPublish--> ring (64K, single-producer) --> no-op handler
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RawDisruptorBenchmark
{
    static final class LongEvent
    {
        long value;
    }

    private static final EventTranslator<LongEvent> SET = (event, sequence) -> event.value = sequence;

    @Param({"YIELDING", "BLOCKING"})
    public String waitStrategy;

    private Disruptor<LongEvent> disruptor;
    private RingBuffer<LongEvent> ring;
    private volatile long consumed;
    private long published;

    @Setup
    public void setUp()
    {
        disruptor = new Disruptor<>(LongEvent::new, 1 << 16, runnable ->
        {
            final Thread thread = new Thread(runnable, "raw-disruptor-consumer");
            thread.setDaemon(true);
            return thread;
        }, ProducerType.SINGLE, WaitStrategyKind.parse(waitStrategy).create());
        disruptor.handleEventsWith((event, sequence, endOfBatch) ->
        {
            if (endOfBatch)
            {
                consumed = sequence + 1;
            }
        });
        ring = disruptor.start();
    }

    @Benchmark
    @OperationsPerInvocation(ShardRingBenchmark.BATCH)
    public void publishBatchAndAwait()
    {
        for (int i = 0; i < ShardRingBenchmark.BATCH; i++)
        {
            while (!ring.tryPublishEvent(SET))
            {
                // a full ring: give the consumer the core instead of spinning on it, as the shard benchmark does
                Thread.yield();
            }
        }
        published += ShardRingBenchmark.BATCH;
        while (consumed < published)
        {
            Thread.onSpinWait();
        }
    }

    @TearDown
    public void tearDown()
    {
        disruptor.halt();
    }
}
