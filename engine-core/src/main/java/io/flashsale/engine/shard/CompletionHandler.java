package io.flashsale.engine.shard;

import com.lmax.disruptor.EventHandler;
import io.flashsale.engine.command.Command;

/** The completion stage on a thread of its own: hands each finished command to the listener, then signals end of batch. */
final class CompletionHandler implements EventHandler<Command>
{
    private final CommandCompletionListener listener;

    CompletionHandler(final CommandCompletionListener listener)
    {
        this.listener = listener;
    }

    @Override
    public void onEvent(final Command command, final long sequence, final boolean endOfBatch)
    {
        listener.onCommandComplete(command);
        if (endOfBatch)
        {
            listener.onBatchEnd();
        }
    }
}
