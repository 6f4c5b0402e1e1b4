package io.flashsale.gateway.http;

import io.flashsale.engine.command.Command;
import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import io.netty.util.concurrent.EventExecutor;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A request waiting for the engine. It rides in the ring slot ({@code Command.replyTo}) to the
 * completion stage, which copies the answer and hands it to the connection's event loop: no map,
 * no lock, no thread per request. If no answer comes in time (a stopped shard), the caller gets the
 * timeout answer instead; whichever comes first wins, on the event loop. Timeouts live on one shared
 * hashed wheel (O(1) to arm and cancel), not in the event loops' schedulers: arming one per request
 * there costs a priority-queue insert and removal each.
 */
public final class PendingReply
{
    private static final HashedWheelTimer TIMEOUTS = new HashedWheelTimer(runnable ->
    {
        final Thread thread = new Thread(runnable, "reply-timeouts");
        thread.setDaemon(true);
        return thread;
    }, 10, TimeUnit.MILLISECONDS, 1024);

    private final EventExecutor loop;
    private final Consumer<EngineAnswer> onAnswer;
    private final Runnable onTimeout;
    private Timeout timeout;
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
        reply.timeout = TIMEOUTS.newTimeout(expired -> loop.execute(reply::expire), timeoutMillis, TimeUnit.MILLISECONDS);
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
        timeout.cancel();
    }

    private void deliver(final EngineAnswer answer)
    {
        if (!done)
        {
            done = true;
            timeout.cancel();
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
