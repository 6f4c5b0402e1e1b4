package io.flashsale.gateway.http;

import io.flashsale.engine.command.Command;
import io.flashsale.engine.shard.CommandCompletionListener;
import io.netty.util.concurrent.EventExecutor;

import java.util.ArrayList;
import java.util.List;

/**
 * The shards' completion stage: answers the waiting HTTP request a command carries, if any, and
 * tells the publishers at the end of every batch. Answers are collected per event loop during a
 * ring batch and handed over at its end in one task per loop: waking an event loop is a system
 * call, once per loop per batch instead of once per answer. One instance per shard (its completion
 * runs on that shard's thread); the batch-end hook is shared. With synchronous replication the
 * handed-over answers wait at the {@link ReplyGate} until a replica holds their batch.
 */
public final class ReplyDispatcher implements CommandCompletionListener
{
    /** Where the publishers' batch-end hook lives, shared by every shard's dispatcher. */
    public static final class BatchEndHook
    {
        private volatile Runnable hook = () ->
        {
        };

        /** Set once publishers exist (they start after recovery). */
        public void set(final Runnable hook)
        {
            this.hook = hook;
        }

        void run()
        {
            hook.run();
        }
    }

    private final BatchEndHook batchEnd;
    private final int shard;
    private final ReplyGate gate;
    private final List<EventExecutor> loops = new ArrayList<>(8);
    private final List<List<PendingReply>> answered = new ArrayList<>(8);
    /** The highest journal index among this batch's answered commands. */
    private long batchIndex;

    /** @param gate when the batch's answers may go out (at once, or once a replica holds them). */
    public ReplyDispatcher(final BatchEndHook batchEnd, final int shard, final ReplyGate gate)
    {
        this.batchEnd = batchEnd;
        this.shard = shard;
        this.gate = gate;
    }

    @Override
    public void onCommandComplete(final Command command)
    {
        if (command.replyTo instanceof PendingReply reply)
        {
            command.replyTo = null;
            batchIndex = Math.max(batchIndex, command.journalIndex);
            reply.prepare(command);
            answeredOn(reply.loop()).add(reply);
        }
    }

    @Override
    public void onBatchEnd()
    {
        for (int i = 0; i < loops.size(); i++)
        {
            final List<PendingReply> replies = answered.get(i);
            if (!replies.isEmpty())
            {
                final PendingReply[] batch = replies.toArray(PendingReply[]::new);
                replies.clear();
                final EventExecutor loop = loops.get(i);
                gate.release(shard, batchIndex, () -> loop.execute(() ->
                {
                    for (final PendingReply reply : batch)
                    {
                        reply.deliver();
                    }
                }), () -> loop.execute(() ->
                {
                    for (final PendingReply reply : batch)
                    {
                        reply.refuse();
                    }
                }));
            }
        }
        batchIndex = 0;
        batchEnd.run();
    }

    private List<PendingReply> answeredOn(final EventExecutor loop)
    {
        for (int i = 0; i < loops.size(); i++)
        {
            if (loops.get(i) == loop)
            {
                return answered.get(i);
            }
        }
        loops.add(loop);
        answered.add(new ArrayList<>(256));
        return answered.get(answered.size() - 1);
    }
}
