package io.flashsale.journal;

import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;

/**
 * What a shard's journal stage tells the threads in this process that tail its journal (the log
 * shipper): that a document was appended, and when each batch's last index was. A tailer that finds
 * nothing new parks until the next append instead of polling on a timer: polling every millisecond
 * put half a millisecond on average into every synchronously replicated answer.
 * <p>
 * One writer (the journal stage, once per appended document). The wake is Dekker-style: the writer
 * counts the append, then looks for parked waiters; a waiter says it is parking, then looks at the
 * count once more. Each sees the other's volatile write, so no append is slept through. The writer
 * pays an unpark (a system call) only for a waiter that is asleep.
 */
public final class AppendSignal
{
    /** A tailer's thread, parked or not. */
    public final class Waiter implements AutoCloseable
    {
        private final Thread thread = Thread.currentThread();
        private volatile boolean parked;

        /**
         * Parks the calling (registering) thread until a document is appended after the count
         * {@code seen} was read, or for at most {@code timeoutNanos}.
         */
        public void awaitAppendAfter(final long seen, final long timeoutNanos)
        {
            parked = true;
            if (appends == seen)
            {
                LockSupport.parkNanos(this, timeoutNanos);
            }
            parked = false;
        }

        private void wake()
        {
            if (parked)
            {
                parked = false;
                LockSupport.unpark(thread);
            }
        }

        @Override
        public void close()
        {
            remove(this);
        }
    }

    private static final int TIMES = 1 << 12;
    private static final Waiter[] NONE = new Waiter[0];

    private volatile long appends;
    private volatile Waiter[] waiters = NONE;
    /** The last {@link #TIMES} appends: each one's highest journal index and its nanoTime. */
    private final long[] indexes = new long[TIMES];
    private final long[] nanos = new long[TIMES];

    /** The journal stage, after a document whose highest journal index is {@code lastIndex} is in the queue. */
    void appended(final long lastIndex)
    {
        final int slot = (int)(appends & (TIMES - 1));
        indexes[slot] = lastIndex;
        nanos[slot] = System.nanoTime();
        appends = appends + 1; // publishes the slot (a volatile write after the plain ones)
        for (final Waiter waiter : waiters)
        {
            waiter.wake();
        }
    }

    /** Documents appended since start: read it before looking for news, then wait on it. */
    public long appends()
    {
        return appends;
    }

    /**
     * When the document that took the journal to {@code index} was appended (System.nanoTime), or
     * {@link Long#MIN_VALUE} when it is older than the times kept or not yet appended. Any thread;
     * a slot the writer overwrites while it is read is noticed and not answered.
     */
    public long appendedAtNanos(final long index)
    {
        final long published = appends;
        for (long append = published - 1; append >= 0 && append > published - TIMES; append--)
        {
            final int slot = (int)(append & (TIMES - 1));
            final long appendedIndex = indexes[slot];
            final long at = nanos[slot];
            VarHandle.loadLoadFence(); // the slot's reads happen before the count is looked at again
            if (appends - append >= TIMES)
            {
                return Long.MIN_VALUE; // overwritten under us
            }
            if (appendedIndex <= index)
            {
                return appendedIndex == index ? at : Long.MIN_VALUE;
            }
        }
        return Long.MIN_VALUE;
    }

    /** The calling thread, as a waiter on this journal's appends until the waiter is closed. */
    public synchronized Waiter waiter()
    {
        final Waiter waiter = new Waiter();
        final Waiter[] grown = Arrays.copyOf(waiters, waiters.length + 1);
        grown[grown.length - 1] = waiter;
        waiters = grown;
        return waiter;
    }

    private synchronized void remove(final Waiter gone)
    {
        waiters = Arrays.stream(waiters).filter(waiter -> waiter != gone).toArray(Waiter[]::new);
    }
}
