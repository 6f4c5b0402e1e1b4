package io.flashsale.gateway.engine;

import java.util.List;

/**
 * The engine's figures as the admin API shows them.
 *
 * @param journalIndex the sum over shards of the last journal index.
 */
public record EngineFigures(long journalIndex, List<Shard> shards)
{
    /**
     * One shard.
     *
     * @param commands             commands applied over the shard's life, TICKs included.
     * @param commandsWithoutTicks commands applied since this process started, TICKs left out (a rate's source).
     * @param expiriesByLayer      holds expired, indexed by {@code ExpiryLayer.ordinal()}.
     */
    public record Shard(int shard, long ringSize, long ringRemaining, long commands, long commandsWithoutTicks,
        long batches, long maxBatchSize, long holdsActive, long[] expiriesByLayer, int skus)
    {
    }
}
