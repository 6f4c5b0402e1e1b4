package io.flashsale.engine.shard;

/**
 * @param ringSize     slots in the shard's ring, a power of two: the most commands that may wait.
 * @param waitStrategy how the shard's consumer threads wait.
 */
public record ShardSettings(int ringSize, WaitStrategyKind waitStrategy)
{
    public ShardSettings
    {
        if (ringSize < 2 || Integer.bitCount(ringSize) != 1)
        {
            throw new IllegalArgumentException("ring size must be a power of two >= 2: " + ringSize);
        }
    }

    public static ShardSettings defaults()
    {
        return new ShardSettings(1 << 14, WaitStrategyKind.BLOCKING);
    }
}
