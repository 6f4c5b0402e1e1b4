package io.flashsale.gateway.http;

import io.flashsale.engine.command.Command;
import io.flashsale.engine.shard.CommandCompletionListener;

/**
 * The shards' completion stage: answers the waiting HTTP request a command carries, if any, and
 * tells the publishers at the end of every batch.
 */
public final class ReplyDispatcher implements CommandCompletionListener
{
    private volatile Runnable batchEnd = () ->
    {
    };

    /** Set once publishers exist (they start after recovery). */
    public void onBatchEnd(final Runnable hook)
    {
        batchEnd = hook;
    }

    @Override
    public void onBatchEnd()
    {
        batchEnd.run();
    }

    @Override
    public void onCommandComplete(final Command command)
    {
        if (command.replyTo instanceof PendingReply reply)
        {
            command.replyTo = null;
            reply.answer(command);
        }
    }
}
