package io.flashsale.gateway.http;

import io.flashsale.engine.command.Command;
import io.flashsale.engine.shard.CommandCompletionListener;

/** The shards' completion stage: answers the waiting HTTP request a command carries, if any. */
public final class ReplyDispatcher implements CommandCompletionListener
{
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
