package io.flashsale.engine.shard;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.WaitStrategy;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A blocking wait whose wake-up a producer can put off to the end of its burst of publishes.
 * <p>
 * A network event loop publishes one command per request it decodes, several per turn of its loop.
 * A plain blocking wait wakes the consumer (a futex system call) after each of them; here a producer
 * thread that {@linkplain #publishInBursts declared a burst end} marks the wake as owed and pays it
 * once, when its turn ends: one wake-up, and a larger batch for the journal and the logic. What is
 * owed is kept per producer thread: each loop pays for its own publishes, none waits on another's
 * queue.
 * Other producers (the ticker, an intake, a test) wake at once. And as with Disruptor's lite
 * blocking wait, nobody is woken while the consumer is busy: it will see the cursor itself.
 */
public final class BurstWakeWaitStrategy implements WaitStrategy
{
    /** Where a thread's end-of-burst work goes: a Netty event loop's own task queue, for one. */
    private static final ThreadLocal<Executor> BURST_END = new ThreadLocal<>();

    private final Object mutex = new Object();
    private final AtomicBoolean consumerWaiting = new AtomicBoolean();
    /** This strategy's wake owed by the current producer thread (touched by that thread only). */
    private final ThreadLocal<OwedWake> owed = ThreadLocal.withInitial(OwedWake::new);

    private final class OwedWake implements Runnable
    {
        private boolean owed;

        @Override
        public void run()
        {
            owed = false;
            wakeNow();
        }
    }

    /**
     * Called on a producer thread: its wake-ups are run by {@code burstEnd}, which must run a task
     * after the thread's current burst of publishes (an event loop's {@code execute}, called from
     * inside the loop, runs after its I/O turn and needs no wake-up of its own).
     */
    public static void publishInBursts(final Executor burstEnd)
    {
        BURST_END.set(burstEnd);
    }

    @Override
    public long waitFor(final long sequence, final Sequence cursor, final Sequence dependentSequence,
        final SequenceBarrier barrier) throws AlertException, InterruptedException
    {
        if (cursor.get() < sequence)
        {
            synchronized (mutex)
            {
                do
                {
                    consumerWaiting.set(true);
                    if (cursor.get() >= sequence)
                    {
                        break;
                    }
                    barrier.checkAlert();
                    mutex.wait();
                }
                while (cursor.get() < sequence);
                // the flag stays up: with several consumers (a journal thread, a completion thread) only
                // a wake clears it, and a wake reaches every waiter; a spare wake costs a notify
            }
        }
        long available;
        while ((available = dependentSequence.get()) < sequence)
        {
            barrier.checkAlert();
            Thread.onSpinWait();
        }
        return available;
    }

    @Override
    public void signalAllWhenBlocking()
    {
        if (!consumerWaiting.get())
        {
            return; // the consumer is running: it reads the cursor before it waits again
        }
        final Executor burstEnd = BURST_END.get();
        if (burstEnd == null)
        {
            wakeNow();
            return;
        }
        final OwedWake wake = owed.get();
        if (!wake.owed)
        {
            wake.owed = true;
            try
            {
                burstEnd.execute(wake);
            }
            catch (final RejectedExecutionException shuttingDown)
            {
                wake.run();
            }
        }
    }

    private void wakeNow()
    {
        if (consumerWaiting.getAndSet(false))
        {
            synchronized (mutex)
            {
                mutex.notifyAll();
            }
        }
    }

    @Override
    public String toString()
    {
        return "BurstWakeWaitStrategy{consumerWaiting=" + consumerWaiting.get() + '}';
    }
}
