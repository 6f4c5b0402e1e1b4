package io.flashsale.engine.shard;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.EventTranslatorOneArg;
import com.lmax.disruptor.EventTranslatorTwoArg;
import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.TimeoutException;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.EventHandlerGroup;
import com.lmax.disruptor.dsl.ProducerType;
import io.flashsale.engine.command.Command;
import io.flashsale.engine.command.CommandRequest;
import io.flashsale.engine.state.ReservationEngine;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One shard: a Disruptor ring that any thread may publish to, and the handler chain that drains it.
 *
 * <pre>
 *  producers (any thread) --tryPublish--> ring (one per shard, preallocated Command slots)
 *      1. journal stage      (optional: appends the batch before the logic sees it)
 *      2. business logic     (the one thread that owns the engine)
 *      3. completion         (replies to callers; end-of-batch hooks for publishers)
 * </pre>
 *
 * Completion runs on its own thread or, with {@link ShardSettings#dedicatedCompletion()} false, on the
 * logic thread right after each command; the journal stage runs on its own thread or, with
 * {@link ShardSettings#journalOnLogicThread()}, on the logic thread before each batch is applied
 * (both inside {@link LogicHandler}). Fewer threads win on small machines.
 *
 * A full ring is reported at once by {@link #tryPublish} (the gateway answers 503): nothing blocks
 * and nothing queues outside the ring. If the logic ever throws, the shard stops applying
 * commands (state may be half-changed) and {@link #failure()} says why.
 */
public final class EngineShard implements AutoCloseable
{
    private static final EventTranslatorOneArg<Command, CommandRequest> COPY_IN =
        (slot, sequence, request) -> request.copyTo(slot);
    private static final EventTranslatorTwoArg<Command, CommandRequest, Object> COPY_IN_WITH_REPLY =
        (slot, sequence, request, replyTo) ->
        {
            request.copyTo(slot);
            slot.replyTo = replyTo;
        };

    private final int shardId;
    private final ReservationEngine engine;
    private final ShardView view;
    private final ShardStats stats = new ShardStats();
    private final Disruptor<Command> disruptor;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private RingBuffer<Command> ring;

    /**
     * @param engine       the shard's engine, already recovered; from now on only the logic thread touches it.
     * @param view         the listener the engine publishes to (readers use it).
     * @param journalStage runs before the logic, or null when nothing journals.
     * @param completion   told of every finished command.
     */
    public EngineShard(final ShardSettings settings, final ReservationEngine engine, final ShardView view,
        final EventHandler<Command> journalStage, final CommandCompletionListener completion)
    {
        this(settings, engine, view, journalStage, AppliedCommandHook.NONE, completion);
    }

    /**
     * @param afterApply runs on the logic thread after each command (checkpoints, snapshots).
     */
    public EngineShard(final ShardSettings settings, final ReservationEngine engine, final ShardView view,
        final EventHandler<Command> journalStage, final AppliedCommandHook afterApply,
        final CommandCompletionListener completion)
    {
        this.shardId = engine.config().shardId();
        this.engine = engine;
        this.view = view;
        final AtomicInteger threads = new AtomicInteger();
        final boolean fused = journalStage != null && settings.journalOnLogicThread();
        final String[] stageNames = journalStage == null || fused ?
            new String[]{"logic", "completion"} : new String[]{"journal", "logic", "completion"};
        this.disruptor = new Disruptor<>(Command::new, settings.ringSize(),
            runnable ->
            {
                final Thread thread = new Thread(runnable,
                    "shard-" + shardId + "-" + stageNames[Math.min(threads.getAndIncrement(), stageNames.length - 1)]);
                thread.setDaemon(true);
                return thread;
            },
            ProducerType.MULTI, settings.waitStrategy().create());
        disruptor.setDefaultExceptionHandler(new StopOnFailure());
        final LogicHandler logic = new LogicHandler(engine, stats, afterApply, fused ? journalStage : null,
            settings.dedicatedCompletion() ? null : completion, disruptor.getRingBuffer());
        final EventHandlerGroup<Command> logicGroup = journalStage == null || fused ?
            disruptor.handleEventsWith(logic) : disruptor.handleEventsWith(journalStage).then(logic);
        if (settings.dedicatedCompletion())
        {
            logicGroup.then(new CompletionHandler(completion));
        }
    }

    public EngineShard start()
    {
        ring = disruptor.start();
        return this;
    }

    /**
     * Copies the request into the next free slot and publishes it, from any thread.
     *
     * @return false at once when the ring is full or the shard has failed; the request is not queued.
     */
    public boolean tryPublish(final CommandRequest request)
    {
        return failure.get() == null && ring.tryPublishEvent(COPY_IN, request);
    }

    /**
     * As {@link #tryPublish(CommandRequest)}, with the object waiting for the answer riding in the
     * slot to the completion stage: correlation without a map, a lock or a thread per request.
     */
    public boolean tryPublish(final CommandRequest request, final Object replyTo)
    {
        return failure.get() == null && ring.tryPublishEvent(COPY_IN_WITH_REPLY, request, replyTo);
    }

    /**
     * Publishes through a caller's translator: for producers that fill the slot from their own
     * reused state and allocate nothing (the ticker, load generators). Same contract as above.
     */
    public <A> boolean tryPublish(final EventTranslatorOneArg<Command, A> translator, final A argument)
    {
        return failure.get() == null && ring.tryPublishEvent(translator, argument);
    }

    public int shardId()
    {
        return shardId;
    }

    public ShardView view()
    {
        return view;
    }

    public ShardStats stats()
    {
        return stats;
    }

    public long ringSize()
    {
        return disruptor.getBufferSize();
    }

    public long remainingCapacity()
    {
        return ring.remainingCapacity();
    }

    /** The last sequence published to the ring (-1 before the first). */
    public long cursor()
    {
        return ring.getCursor();
    }

    public Throwable failure()
    {
        return failure.get();
    }

    /**
     * The engine, for the owner of the shard once it has stopped (snapshots at shutdown, tests).
     * Reading it while the shard runs races the logic thread.
     */
    public ReservationEngine engineAfterStop()
    {
        return engine;
    }

    /** Lets every published command finish, then stops the threads. */
    @Override
    public void close()
    {
        try
        {
            disruptor.shutdown(10, TimeUnit.SECONDS);
        }
        catch (final TimeoutException ex)
        {
            disruptor.halt();
        }
    }

    private final class StopOnFailure implements ExceptionHandler<Command>
    {
        @Override
        public void handleEventException(final Throwable ex, final long sequence, final Command command)
        {
            failure.compareAndSet(null, ex);
            throw new IllegalStateException("shard " + shardId + " stopped at sequence " + sequence, ex);
        }

        @Override
        public void handleOnStartException(final Throwable ex)
        {
            failure.compareAndSet(null, ex);
        }

        @Override
        public void handleOnShutdownException(final Throwable ex)
        {
            failure.compareAndSet(null, ex);
        }
    }
}
