package io.flashsale.gateway.http;

import io.flashsale.engine.command.Command;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A request waiting for the engine. It rides in the ring slot ({@code Command.replyTo}) to the
 * completion stage, which copies the answer and hands it to the connection's event loop: no map,
 * no lock, no thread per request. If no answer comes in time (a stopped shard), the caller gets the
 * timeout answer instead; whichever comes first wins, on the event loop.
 */
public final class PendingReply
{
    private final EventExecutor loop;
    private final Consumer<EngineAnswer> onAnswer;
    private final Runnable onTimeout;
    private ScheduledFuture<?> timeout;
    private boolean done;

    private PendingReply(final EventExecutor loop, final Consumer<EngineAnswer> onAnswer, final Runnable onTimeout)
    {
        this.loop = loop;
        this.onAnswer = onAnswer;
        this.onTimeout = onTimeout;
    }

    /** Event loop: creates the reply and arms its timeout. */
    public static PendingReply await(final EventExecutor loop, final long timeoutMillis,
        final Consumer<EngineAnswer> onAnswer, final Runnable onTimeout)
    {
        final PendingReply reply = new PendingReply(loop, onAnswer, onTimeout);
        reply.timeout = loop.schedule(reply::expire, timeoutMillis, TimeUnit.MILLISECONDS);
        return reply;
    }

    /** Completion thread. */
    void answer(final Command command)
    {
        final EngineAnswer answer = EngineAnswer.of(command);
        loop.execute(() -> deliver(answer));
    }

    /** Event loop: the command never made it into the ring. */
    public void cancel()
    {
        done = true;
        timeout.cancel(false);
    }

    private void deliver(final EngineAnswer answer)
    {
        if (!done)
        {
            done = true;
            timeout.cancel(false);
            onAnswer.accept(answer);
        }
    }

    private void expire()
    {
        if (!done)
        {
            done = true;
            onTimeout.run();
        }
    }
}
