package io.flashsale.engine.shard;

/**
 * @param ringSize            slots in the shard's ring, a power of two: the most commands that may wait.
 * @param waitStrategy        how the shard's consumer threads wait.
 * @param dedicatedCompletion true: completion runs on a thread of its own after the logic thread;
 *                            false: on the logic thread, right after each command (one thread hop
 *                            fewer, better on few cores; completion listeners must then never block).
 * @param journalOnLogicThread true: the journal stage runs on the logic thread, each batch journaled
 *                            before any of it is applied; false: a journal thread of its own.
 */
public record ShardSettings(int ringSize, WaitStrategyKind waitStrategy, boolean dedicatedCompletion,
    boolean journalOnLogicThread)
{
    public ShardSettings
    {
        if (ringSize < 2 || Integer.bitCount(ringSize) != 1)
        {
            throw new IllegalArgumentException("ring size must be a power of two >= 2: " + ringSize);
        }
    }

    public ShardSettings(final int ringSize, final WaitStrategyKind waitStrategy)
    {
        this(ringSize, waitStrategy, true, false);
    }

    public ShardSettings(final int ringSize, final WaitStrategyKind waitStrategy, final boolean dedicatedCompletion)
    {
        this(ringSize, waitStrategy, dedicatedCompletion, false);
    }

    /**
     * The server's defaults: burst-blocking wait (no lock on a publish while the consumer runs),
     * journal, logic and completion on one thread: measured best on a 2-core box
     * ({@code scripts/bench.sh}, README), where every extra thread steals a core.
     */
    public static ShardSettings defaults()
    {
        return new ShardSettings(1 << 14, WaitStrategyKind.BURST_BLOCKING, false, true);
    }

    public ShardSettings withWaitStrategy(final WaitStrategyKind wait)
    {
        return new ShardSettings(ringSize, wait, dedicatedCompletion, journalOnLogicThread);
    }

    public ShardSettings withJournalOnLogicThread(final boolean onLogicThread)
    {
        return new ShardSettings(ringSize, waitStrategy, dedicatedCompletion, onLogicThread);
    }
}
