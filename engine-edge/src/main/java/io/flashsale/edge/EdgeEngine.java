package io.flashsale.edge;

import io.flashsale.engine.command.CommandRequest;
import io.flashsale.gateway.engine.EngineFigures;
import io.flashsale.gateway.engine.EngineProxy;
import io.flashsale.gateway.http.PendingReply;

import java.util.List;

/**
 * An edge has no engine: every request that needs one is forwarded before it would get here
 * ({@link HttpForwarder}), so a submit is refused, and its figures are empty (each group's own
 * /admin/v1/stats has them).
 */
final class EdgeEngine implements EngineProxy
{
    @Override
    public int shardFor(final String sku)
    {
        return 0;
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
        return new EngineFigures(0, List.of());
    }
}
