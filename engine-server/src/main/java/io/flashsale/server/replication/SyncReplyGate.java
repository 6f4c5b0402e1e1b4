package io.flashsale.server.replication;

import io.flashsale.gateway.http.ReplyGate;
import io.flashsale.replica.ReplicaAcks;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Synchronous replication's barrier, in the LMAX way: a batch's answers go out once a replica has
 * acknowledged the batch's last journal index (the smaller of our journal and the replica's). One
 * entry per ring batch, never per request; per shard a queue in index order under that shard's own
 * monitor, touched once per batch by the completion thread and once per acknowledgement.
 * <p>
 * Past {@code timeout} without an acknowledgement the node is DEGRADED, and the {@link Fallback}
 * says what then: REFUSE (the default: a failover must lose no acknowledged write) answers the
 * waiting batch 503 and has the gateway refuse new writes at once, before they reach the ring;
 * ALONE answers them and every later batch at once, from the primary's journal only. Either way the
 * first acknowledgement again ends it.
 */
public final class SyncReplyGate implements ReplyGate, ReplicationState, AutoCloseable
{
    public enum Fallback
    {
        REFUSE,
        ALONE
    }

    private record Waiting(long journalIndex, long deadlineNanos, Runnable deliver, Runnable refuse)
    {
    }

    private static final long LOOK_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    private final ReplicaAcks acks;
    private final long timeoutNanos;
    private final Fallback fallback;
    private final ArrayDeque<Waiting>[] waiting;
    private final AtomicLong timeouts = new AtomicLong();
    private final Thread timer;
    private volatile boolean degraded;
    private volatile boolean closed;

    @SuppressWarnings("unchecked")
    public SyncReplyGate(final ReplicaAcks acks, final int shards, final long timeoutMillis, final Fallback fallback)
    {
        this.acks = acks;
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        this.fallback = fallback;
        this.waiting = new ArrayDeque[shards];
        for (int shard = 0; shard < shards; shard++)
        {
            waiting[shard] = new ArrayDeque<>();
        }
        acks.onAdvance(this::acknowledged);
        this.timer = new Thread(this::expireOverdue, "sync-replication-timer");
        timer.setDaemon(true);
        timer.start();
    }

    @Override
    public void release(final int shard, final long journalIndex, final Runnable deliver, final Runnable refuse)
    {
        if (journalIndex == 0 || acks.acknowledged(shard) >= journalIndex)
        {
            deliver.run();
            return;
        }
        if (degraded)
        {
            (fallback == Fallback.ALONE ? deliver : refuse).run();
            return;
        }
        final ArrayDeque<Waiting> queue = waiting[shard];
        synchronized (queue)
        {
            queue.addLast(new Waiting(journalIndex, System.nanoTime() + timeoutNanos, deliver, refuse));
        }
        deliverAcknowledged(shard); // an acknowledgement may have come between the look and the queueing
    }

    /** An ack reader's thread. */
    private void acknowledged(final int shard)
    {
        degraded = false;
        deliverAcknowledged(shard);
    }

    private void deliverAcknowledged(final int shard)
    {
        final ArrayDeque<Waiting> queue = waiting[shard];
        final long acknowledged = acks.acknowledged(shard);
        synchronized (queue)
        {
            while (!queue.isEmpty() && queue.peekFirst().journalIndex() <= acknowledged)
            {
                queue.pollFirst().deliver().run();
            }
        }
    }

    private void expireOverdue()
    {
        while (!closed)
        {
            LockSupport.parkNanos(LOOK_EVERY_NANOS);
            final long now = System.nanoTime();
            for (final ArrayDeque<Waiting> queue : waiting)
            {
                synchronized (queue)
                {
                    while (!queue.isEmpty() && queue.peekFirst().deadlineNanos() - now <= 0)
                    {
                        degraded = true;
                        timeouts.incrementAndGet();
                        final Waiting overdue = queue.pollFirst();
                        (fallback == Fallback.ALONE ? overdue.deliver() : overdue.refuse()).run();
                    }
                }
            }
        }
    }

    /** No replica acknowledged in time, and none has since. */
    public boolean degraded()
    {
        return degraded;
    }

    @Override
    public String name()
    {
        return degraded ? "DEGRADED" : "SYNC";
    }

    /** While degraded in REFUSE: new writes are refused before they reach the ring. */
    @Override
    public boolean refusingWrites()
    {
        return degraded && fallback == Fallback.REFUSE;
    }

    /** Batches whose wait for a replica ran out. */
    public long timeouts()
    {
        return timeouts.get();
    }

    @Override
    public void close()
    {
        closed = true;
        LockSupport.unpark(timer);
    }
}
