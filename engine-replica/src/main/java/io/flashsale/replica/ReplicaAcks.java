package io.flashsale.replica;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.IntConsumer;

/**
 * How far replicas hold the primary's journal: per shard, the highest journal index any replica has
 * acknowledged as appended to its own journal (a replica acknowledges each document once it is
 * written). Written by the shipper's ack readers, read by whatever waits on it (synchronous
 * replication's reply gate), which is told of every advance.
 */
public final class ReplicaAcks
{
    private final AtomicLongArray acknowledged;
    private volatile IntConsumer onAdvance = shard ->
    {
    };

    public ReplicaAcks(final int shards)
    {
        this.acknowledged = new AtomicLongArray(shards);
    }

    /** Set once, before replicas connect. */
    public void onAdvance(final IntConsumer listener)
    {
        onAdvance = listener;
    }

    public long acknowledged(final int shard)
    {
        return acknowledged.get(shard);
    }

    /** An ack reader's thread: a replica holds the shard's journal up to {@code journalIndex}. */
    void acknowledge(final int shard, final long journalIndex)
    {
        long known = acknowledged.get(shard);
        while (journalIndex > known)
        {
            if (acknowledged.compareAndSet(shard, known, journalIndex))
            {
                onAdvance.accept(shard);
                return;
            }
            known = acknowledged.get(shard);
        }
    }
}
