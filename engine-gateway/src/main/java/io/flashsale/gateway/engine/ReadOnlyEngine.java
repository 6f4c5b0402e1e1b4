package io.flashsale.gateway.engine;

import io.flashsale.engine.command.CommandRequest;
import io.flashsale.engine.shard.ShardRouter;
import io.flashsale.gateway.http.PendingReply;

import java.util.List;
import java.util.function.LongSupplier;

/**
 * The engine seam of a process that takes no command itself: a replica (the gateway answers writes
 * 503 NOT_PRIMARY before getting here, since the node's status refuses them) and an edge (its
 * {@link Forwarder} hands every such request on first). Only SKU routing is real.
 */
public final class ReadOnlyEngine implements EngineProxy
{
    private final ShardRouter router;
    private final LongSupplier journalIndex;

    public ReadOnlyEngine(final int shards, final LongSupplier journalIndex)
    {
        this.router = new ShardRouter(shards);
        this.journalIndex = journalIndex;
    }

    @Override
    public int shardFor(final String sku)
    {
        return router.shardOf(sku);
    }

    @Override
    public int shardOfReservation(final long reservationId)
    {
        return NO_SHARD;
    }

    @Override
    public String skuAt(final int shard, final int skuIndex)
    {
        return null;
    }

    @Override
    public boolean submit(final int shard, final CommandRequest request, final PendingReply reply)
    {
        return false;
    }

    @Override
    public EngineFigures figures()
    {
        return new EngineFigures(journalIndex.getAsLong(), List.of());
    }
}
