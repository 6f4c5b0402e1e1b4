package io.flashsale.engine.shard;

import com.lmax.disruptor.EventHandler;
import io.flashsale.engine.command.Command;
import io.flashsale.engine.state.ReservationEngine;

/**
 * The business-logic stage: the one thread that applies commands to the shard's engine; when the
 * shard has no dedicated completion thread, it completes each command right after applying it.
 */
final class LogicHandler implements EventHandler<Command>
{
    private final ReservationEngine engine;
    private final ShardStats stats;
    private final AppliedCommandHook afterApply;
    private final CompletionHandler inlineCompletion;

    /**
     * @param inlineCompletion run after each command on this thread, or null when completion has its own.
     */
    LogicHandler(final ReservationEngine engine, final ShardStats stats, final AppliedCommandHook afterApply,
        final CompletionHandler inlineCompletion)
    {
        this.engine = engine;
        this.stats = stats;
        this.afterApply = afterApply;
        this.inlineCompletion = inlineCompletion;
    }

    @Override
    public void onBatchStart(final long batchSize, final long queueDepth)
    {
        stats.onBatchStart(batchSize);
    }

    @Override
    public void onEvent(final Command command, final long sequence, final boolean endOfBatch)
    {
        if (command.claim())
        {
            engine.apply(command);
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
            inlineCompletion.onEvent(command, sequence, endOfBatch);
        }
    }
}
