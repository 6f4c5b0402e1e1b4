package io.flashsale.replica;

import io.flashsale.engine.shard.AvailabilityCell;
import io.flashsale.engine.state.EngineListener;
import io.flashsale.engine.state.SkuState;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What a replica serves: each SKU's availability as the followed engines publish it (one writer
 * per SKU: its shard's receiver thread; any reader), and how far each shard has been applied.
 */
final class ReplicaView implements EngineListener
{
    private final Map<String, AvailabilityCell> cells = new ConcurrentHashMap<>();
    private final AtomicLongArray applied;
    private volatile boolean failed;

    ReplicaView(final int shards)
    {
        this.applied = new AtomicLongArray(shards);
    }

    @Override
    public void onProductDefined(final SkuState sku)
    {
        cells.computeIfAbsent(sku.sku(), code -> new AvailabilityCell()).publish(sku);
    }

    @Override
    public void onAvailabilityChanged(final SkuState sku)
    {
        cells.computeIfAbsent(sku.sku(), code -> new AvailabilityCell()).publish(sku);
    }

    /** Null for a SKU the replica has not seen. */
    AvailabilityCell availability(final String sku)
    {
        return cells.get(sku);
    }

    void applied(final int shard, final long journalIndex)
    {
        applied.set(shard, journalIndex);
    }

    /** A shard stopped following (its journal and the primary's disagree, or its own is damaged). */
    void failed()
    {
        failed = true;
    }

    boolean healthy()
    {
        return !failed;
    }

    /** The sum over shards of the last applied index (as the primary's /health counts it). */
    long journalIndex()
    {
        long sum = 0;
        for (int i = 0; i < applied.length(); i++)
        {
            sum += applied.get(i);
        }
        return sum;
    }
}
