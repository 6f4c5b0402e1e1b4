package io.flashsale.bench.core;

import io.flashsale.engine.command.Command;
import io.flashsale.engine.command.CommandRequest;
import io.flashsale.engine.command.ProductDefinition;
import io.flashsale.engine.command.ResultCode;
import io.flashsale.engine.state.EngineConfig;
import io.flashsale.engine.state.EngineListener;
import io.flashsale.engine.state.ReservationEngine;
import io.flashsale.engine.state.SnapshotOut;
import org.agrona.ExpandableArrayBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * What a checkpoint and a snapshot cost the thread that takes them, with {@code holds} live holds
 * (a sale's peak): the state hash at every checkpoint runs on the logic thread (O(SKUs) since the
 * collections keep running digests); serialising a snapshot is what the logic thread used to stop
 * for and the snapshot taker now does on its own copy. Metric: microseconds per call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CheckpointPauseBenchmark
{
    @Param("200000")
    public int holds;

    private ReservationEngine engine;
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(1 << 24);

    @Setup
    public void fill()
    {
        engine = new ReservationEngine(EngineConfig.defaults(0), EngineListener.NONE);
        final Command slot = new Command();
        for (final ProductDefinition product : ReservationMix.products())
        {
            new CommandRequest.UpsertProduct(new ProductDefinition(product.sku(), product.name(), product.description(),
                product.category(), product.priceCents(), 1_000_000, 1, product.holdSeconds(), product.saleStart(),
                product.saleEnd()), ReservationMix.START_TIME, 0).copyTo(slot);
            engine.apply(slot);
        }
        for (int i = 0; i < holds; i++)
        {
            new CommandRequest.Reserve(i % ReservationMix.SKUS, ("user-" + i).getBytes(StandardCharsets.US_ASCII), 1,
                0, 0, ReservationMix.START_TIME + 1, 0).copyTo(slot);
            engine.apply(slot);
            if (slot.result != ResultCode.OK)
            {
                throw new IllegalStateException("hold " + i + " refused: " + slot.result);
            }
        }
    }

    @Benchmark
    public long stateHash()
    {
        return engine.stateHash();
    }

    @Benchmark
    public int serialiseSnapshot()
    {
        final SnapshotOut out = new SnapshotOut(buffer, 0);
        engine.writeSnapshot(out);
        return out.position();
    }
}
