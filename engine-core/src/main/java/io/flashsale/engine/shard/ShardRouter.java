package io.flashsale.engine.shard;

import io.flashsale.engine.command.KeyHash;
import io.flashsale.engine.command.ReservationId;

/**
 * Which shard owns a SKU: a stable hash of the SKU code, so every gateway and every restart agrees
 * without a shared table. The shard count is part of a data directory's identity: journals written
 * with N shards are replayed with N shards.
 */
public final class ShardRouter
{
    private final int shardCount;

    public ShardRouter(final int shardCount)
    {
        if (shardCount < 1 || shardCount > ReservationId.MAX_SHARDS)
        {
            throw new IllegalArgumentException("shard count must be in 1.." + ReservationId.MAX_SHARDS);
        }
        this.shardCount = shardCount;
    }

    public int shardCount()
    {
        return shardCount;
    }

    public int shardOf(final String skuCode)
    {
        return (int)Long.remainderUnsigned(KeyHash.hash(skuCode), shardCount);
    }
}
