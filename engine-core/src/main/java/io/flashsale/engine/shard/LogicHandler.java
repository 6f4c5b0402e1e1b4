package io.flashsale.engine.shard;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import io.flashsale.engine.command.Command;
import io.flashsale.engine.state.ReservationEngine;

/**
 * The business-logic stage: the one thread that applies commands to the shard's engine.
 * <ul>
 *   <li>With the journal on this thread ({@code fusedJournal}), each ring batch is handed to the
 *       journal first (which appends it at the batch's end) and only then applied, command by
 *       command, in ring order: the guarantee of two chained stages (nothing applied or answered
 *       before it is journaled) with one thread hop fewer, and no downstream thread spinning on the
 *       journal's sequence, which on a small machine takes the core the journal needs.</li>
 *   <li>With no completion thread of its own ({@code inlineCompletion}), each command is completed
 *       right after it is applied, and the batch's end is told after its last command.</li>
 * </ul>
 */
final class LogicHandler implements EventHandler<Command>
{
    private final ReservationEngine engine;
    private final ShardStats stats;
    private final AppliedCommandHook afterApply;
    private final EventHandler<Command> fusedJournal;
    private final CommandCompletionListener inlineCompletion;
    private final RingBuffer<Command> ring;
    private long batchStart = -1;

    /**
     * @param fusedJournal     the journal stage run on this thread before each batch is applied, or null
     *                         (journaled by a stage before this one, or not at all).
     * @param inlineCompletion told of each command on this thread, or null when completion has a thread of its own.
     */
    LogicHandler(final ReservationEngine engine, final ShardStats stats, final AppliedCommandHook afterApply,
        final EventHandler<Command> fusedJournal, final CommandCompletionListener inlineCompletion,
        final RingBuffer<Command> ring)
    {
        this.engine = engine;
        this.stats = stats;
        this.afterApply = afterApply;
        this.fusedJournal = fusedJournal;
        this.inlineCompletion = inlineCompletion;
        this.ring = ring;
    }

    @Override
    public void onStart()
    {
        if (fusedJournal != null)
        {
            fusedJournal.onStart();
        }
    }

    @Override
    public void onBatchStart(final long batchSize, final long queueDepth)
    {
        if (fusedJournal != null)
        {
            fusedJournal.onBatchStart(batchSize, queueDepth);
        }
        stats.onBatchStart(batchSize);
    }

    @Override
    public void onEvent(final Command command, final long sequence, final boolean endOfBatch) throws Exception
    {
        if (fusedJournal == null)
        {
            apply(command, endOfBatch);
            return;
        }
        if (batchStart < 0)
        {
            batchStart = sequence;
        }
        fusedJournal.onEvent(command, sequence, endOfBatch);
        if (endOfBatch)
        {
            for (long journaled = batchStart; journaled <= sequence; journaled++)
            {
                apply(ring.get(journaled), journaled == sequence);
            }
            batchStart = -1;
        }
    }

    private void apply(final Command command, final boolean endOfBatch)
    {
        if (command.claim())
        {
            engine.apply(command);
            stats.onApplied(command.type);
            afterApply.onApplied(command, engine, endOfBatch);
        }
        else
        {
            command.clearResult(); // dropped: no answer, and nothing left over from the slot's last command
        }
        if (endOfBatch)
        {
            stats.onBatchEnd(engine);
        }
        if (inlineCompletion != null)
        {
            inlineCompletion.onCommandComplete(command);
            if (endOfBatch)
            {
                inlineCompletion.onBatchEnd();
            }
        }
    }

    @Override
    public void onShutdown()
    {
        if (fusedJournal != null)
        {
            fusedJournal.onShutdown();
        }
    }
}
