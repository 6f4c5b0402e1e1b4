package io.flashsale.gateway.http;

import io.flashsale.engine.command.Command;
import io.flashsale.engine.command.ReplyTicket;
import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import io.netty.util.concurrent.EventExecutor;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A request waiting for the engine. It rides in the ring slot ({@code Command.replyTo}) to the
 * completion stage, which copies the answer and hands it to the connection's event loop: no map,
 * no lock, no thread per request. If no answer comes in time (a stopped shard), the caller gets the
 * timeout answer instead — but only if no stage has claimed the command yet: a command the caller
 * gave up on is dropped unjournaled ({@link ReplyTicket}), one already claimed is always answered. Timeouts live on one shared
 * hashed wheel (O(1) to arm and cancel), not in the event loops' schedulers: arming one per request
 * there costs a priority-queue insert and removal each.
 */
public final class PendingReply implements ReplyTicket
{
    private static final int WAITING = 0;
    private static final int CLAIMED = 1;
    private static final int GAVE_UP = 2;

    private static final HashedWheelTimer TIMEOUTS = new HashedWheelTimer(runnable ->
    {
        final Thread thread = new Thread(runnable, "reply-timeouts");
        thread.setDaemon(true);
        return thread;
    }, 10, TimeUnit.MILLISECONDS, 1024);

    private final EventExecutor loop;
    private final Consumer<EngineAnswer> onAnswer;
    private final Runnable onTimeout;
    private final AtomicInteger state = new AtomicInteger(WAITING);
    private Timeout timeout;
    private boolean done;
    /** Written by the completion thread, read on the event loop after the hand-over task. */
    private EngineAnswer answer;

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

    /** The journal (or logic) thread takes the command: from now on the real answer will come. */
    @Override
    public boolean claim()
    {
        return state.compareAndSet(WAITING, CLAIMED) || state.get() == CLAIMED;
    }

    /** Completion thread: copies the answer out of the slot; {@link #deliver()} follows on the loop. */
    void prepare(final Command command)
    {
        answer = EngineAnswer.of(command);
    }

    EventExecutor loop()
    {
        return loop;
    }

    /** Event loop: the command never made it into the ring. */
    public void cancel()
    {
        done = true;
        timeout.cancel();
    }

    /** Event loop, after {@link #prepare}. */
    void deliver()
    {
        if (!done)
        {
            done = true;
            timeout.cancel();
            onAnswer.accept(answer);
        }
    }

    /**
     * Event loop: the command was applied but no replica acknowledged it in time, and this node does
     * not answer alone: the caller gets the timeout answer (a 503; retrying with the same
     * Idempotency-Key returns the first answer).
     */
    void refuse()
    {
        if (!done)
        {
            done = true;
            timeout.cancel();
            onTimeout.run();
        }
    }

    /** Event loop: gives up only if no stage has claimed the command; a claimed one is answered soon. */
    private void expire()
    {
        if (!done && state.compareAndSet(WAITING, GAVE_UP))
        {
            done = true;
            onTimeout.run();
        }
    }
}
