package io.flashsale.server.engine;

import io.flashsale.engine.command.CommandRequest;
import io.flashsale.engine.command.ReservationId;
import io.flashsale.engine.shard.EngineShard;
import io.flashsale.engine.shard.PublishedSku;
import io.flashsale.engine.state.ExpiryLayer;
import io.flashsale.gateway.engine.EngineFigures;
import io.flashsale.gateway.engine.EngineProxy;
import io.flashsale.gateway.http.PendingReply;
import io.flashsale.journal.JournaledEngine;

import java.util.ArrayList;
import java.util.List;

/**
 * The gateway's engine in the same process: a command goes straight into its SKU's shard ring, the
 * waiting request riding in the slot to the completion stage ({@code ReplyDispatcher}). One hop,
 * no map, no lock.
 */
public final class InProcessEngine implements EngineProxy
{
    private final JournaledEngine engine;
    private final List<EngineShard> shards;

    public InProcessEngine(final JournaledEngine engine)
    {
        this.engine = engine;
        this.shards = engine.shards();
    }

    @Override
    public int shardFor(final String sku)
    {
        return engine.router().shardOf(sku);
    }

    @Override
    public int shardOfReservation(final long reservationId)
    {
        final int shard = ReservationId.shardOf(reservationId);
        return shard >= 0 && shard < shards.size() ? shard : NO_SHARD;
    }

    @Override
    public String skuAt(final int shard, final int skuIndex)
    {
        final PublishedSku sku = shards.get(shard).view().at(skuIndex);
        return sku == null ? null : sku.sku();
    }

    @Override
    public boolean submit(final int shard, final CommandRequest request, final PendingReply reply)
    {
        return shards.get(shard).tryPublish(request, reply);
    }

    @Override
    public EngineFigures figures()
    {
        final List<EngineFigures.Shard> figures = new ArrayList<>(shards.size());
        for (final EngineShard shard : shards)
        {
            final long[] expiries = new long[ExpiryLayer.values().length];
            for (final ExpiryLayer layer : ExpiryLayer.values())
            {
                expiries[layer.ordinal()] = shard.stats().expiries(layer);
            }
            figures.add(new EngineFigures.Shard(shard.shardId(), shard.ringSize(), shard.remainingCapacity(),
                shard.stats().commandsApplied(), shard.stats().commandsWithoutTicks(), shard.stats().batches(), shard.stats().maxBatchSize(),
                shard.stats().holdsActive(), expiries, shard.view().all().size()));
        }
        return new EngineFigures(engine.journalIndex(), figures);
    }
}
