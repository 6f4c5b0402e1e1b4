package io.flashsale.replica;

import io.flashsale.engine.shard.ShardView;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What a replica's followers have made of the primary's journal: per shard the view readers see
 * (products and availability cells, the same kind a primary's logic thread keeps; its one writer is
 * the shard's receiver thread) and the last index applied; and whether every shard still follows.
 */
final class FollowProgress
{
    private final List<ShardView> views = new ArrayList<>();
    private final AtomicLongArray applied;
    private volatile boolean failed;

    FollowProgress(final int shards)
    {
        this.applied = new AtomicLongArray(shards);
        for (int shard = 0; shard < shards; shard++)
        {
            views.add(new ShardView(shard));
        }
    }

    List<ShardView> views()
    {
        return views;
    }

    ShardView view(final int shard)
    {
        return views.get(shard);
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
