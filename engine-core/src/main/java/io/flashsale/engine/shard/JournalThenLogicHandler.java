package io.flashsale.engine.shard;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import io.flashsale.engine.command.Command;

/**
 * The journal stage and the logic on one thread: each ring batch is handed to the journal first
 * (which appends it at the batch's end), and only then applied, command by command, in ring order.
 * Same guarantee as two chained stages (nothing is applied or answered before it is journaled), one
 * thread hop fewer, and no downstream thread spinning on the journal's sequence: on a small machine
 * that spin takes the core the journal needs.
 */
final class JournalThenLogicHandler implements EventHandler<Command>
{
    private final EventHandler<Command> journal;
    private final LogicHandler logic;
    private final RingBuffer<Command> ring;
    private long batchStart = -1;

    JournalThenLogicHandler(final EventHandler<Command> journal, final LogicHandler logic, final RingBuffer<Command> ring)
    {
        this.journal = journal;
        this.logic = logic;
        this.ring = ring;
    }

    @Override
    public void onStart()
    {
        journal.onStart();
        logic.onStart();
    }

    @Override
    public void onBatchStart(final long batchSize, final long queueDepth)
    {
        journal.onBatchStart(batchSize, queueDepth);
        logic.onBatchStart(batchSize, queueDepth);
    }

    @Override
    public void onEvent(final Command command, final long sequence, final boolean endOfBatch) throws Exception
    {
        if (batchStart < 0)
        {
            batchStart = sequence;
        }
        journal.onEvent(command, sequence, endOfBatch);
        if (endOfBatch)
        {
            for (long applied = batchStart; applied <= sequence; applied++)
            {
                logic.onEvent(ring.get(applied), applied, applied == sequence);
            }
            batchStart = -1;
        }
    }

    @Override
    public void onShutdown()
    {
        journal.onShutdown();
        logic.onShutdown();
    }
}
