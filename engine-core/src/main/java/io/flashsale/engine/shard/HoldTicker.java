package io.flashsale.engine.shard;

import io.flashsale.engine.command.CommandRequest;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Publishes a TICK carrying the wall-clock time into every shard at a fixed interval, so hold timers
 * fire when no shopper command arrives. Ticks go through the ring (and the journal) like any
 * command, which is what makes expiry replay exactly. A full ring skips a tick: the next command
 * advances time anyway.
 */
public final class HoldTicker implements AutoCloseable
{
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable ->
    {
        final Thread thread = new Thread(runnable, "hold-ticker");
        thread.setDaemon(true);
        return thread;
    });

    public HoldTicker(final List<EngineShard> shards, final LongSupplier clock, final long intervalMillis)
    {
        this(shards, clock, intervalMillis, () -> true);
    }

    /**
     * @param mayWrite asked before every tick: a primary that has lost its lease (paused past it, say)
     *                 journals no tick under its old epoch, even before it has noticed and stopped this.
     */
    public HoldTicker(final List<EngineShard> shards, final LongSupplier clock, final long intervalMillis,
        final BooleanSupplier mayWrite)
    {
        scheduler.scheduleAtFixedRate(() ->
        {
            if (!mayWrite.getAsBoolean())
            {
                return;
            }
            final CommandRequest.Tick tick = new CommandRequest.Tick(clock.getAsLong());
            for (final EngineShard shard : shards)
            {
                shard.tryPublish(tick);
            }
        }, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close()
    {
        scheduler.shutdownNow();
    }
}
