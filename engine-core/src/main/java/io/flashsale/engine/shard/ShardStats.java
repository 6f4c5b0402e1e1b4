package io.flashsale.engine.shard;

import io.flashsale.engine.command.CommandType;
import io.flashsale.engine.state.ExpiryLayer;
import io.flashsale.engine.state.ReservationEngine;

/**
 * Figures of one shard for operators (stats endpoint, metrics), written by the business-logic
 * thread once per batch and read from any thread. Volatile per batch, never per command.
 */
public final class ShardStats
{
    private volatile long batches;
    private volatile long lastBatchSize;
    private volatile long maxBatchSize;
    private volatile long commandsApplied;
    private volatile long holdsActive;
    private volatile long expiredByWheel;
    private volatile long expiredLazily;
    private volatile long expiredBySweeper;
    private volatile long engineTime;
    private volatile long commandsWithoutTicks;
    /** Counted by the logic thread per command, published with the batch. */
    private long countingWithoutTicks;

    void onBatchStart(final long batchSize)
    {
        batches = batches + 1;
        lastBatchSize = batchSize;
        if (batchSize > maxBatchSize)
        {
            maxBatchSize = batchSize;
        }
    }

    /** Logic thread: what a dashboard means by commands, the ticker's TICKs left out. */
    void onApplied(final CommandType type)
    {
        if (type != CommandType.TICK)
        {
            countingWithoutTicks++;
        }
    }

    void onBatchEnd(final ReservationEngine engine)
    {
        commandsWithoutTicks = countingWithoutTicks;
        commandsApplied = engine.commandsApplied();
        holdsActive = engine.holdsActive();
        expiredByWheel = engine.expiries(ExpiryLayer.WHEEL);
        expiredLazily = engine.expiries(ExpiryLayer.LAZY);
        expiredBySweeper = engine.expiries(ExpiryLayer.SWEEPER);
        engineTime = engine.now();
    }

    public long batches()
    {
        return batches;
    }

    public long lastBatchSize()
    {
        return lastBatchSize;
    }

    public long maxBatchSize()
    {
        return maxBatchSize;
    }

    public long commandsApplied()
    {
        return commandsApplied;
    }

    /** Commands applied since this process started, TICKs not counted (a rate's source, not state). */
    public long commandsWithoutTicks()
    {
        return commandsWithoutTicks;
    }

    public long holdsActive()
    {
        return holdsActive;
    }

    public long expiries(final ExpiryLayer layer)
    {
        return switch (layer)
        {
            case WHEEL -> expiredByWheel;
            case LAZY -> expiredLazily;
            case SWEEPER -> expiredBySweeper;
        };
    }

    public long engineTime()
    {
        return engineTime;
    }
}
