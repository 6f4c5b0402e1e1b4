package io.flashsale.engine.shard;

import com.lmax.disruptor.EventHandler;
import io.flashsale.engine.command.Command;
import io.flashsale.engine.state.ReservationEngine;

/** The business-logic stage: the one thread that applies commands to the shard's engine. */
final class LogicHandler implements EventHandler<Command>
{
    private final ReservationEngine engine;
    private final ShardStats stats;

    LogicHandler(final ReservationEngine engine, final ShardStats stats)
    {
        this.engine = engine;
        this.stats = stats;
    }

    @Override
    public void onBatchStart(final long batchSize, final long queueDepth)
    {
        stats.onBatchStart(batchSize);
    }

    @Override
    public void onEvent(final Command command, final long sequence, final boolean endOfBatch)
    {
        engine.apply(command);
        if (endOfBatch)
        {
            stats.onBatchEnd(engine);
        }
    }
}
