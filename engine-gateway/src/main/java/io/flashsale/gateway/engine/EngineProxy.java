package io.flashsale.gateway.engine;

import io.flashsale.engine.command.CommandRequest;
import io.flashsale.gateway.http.PendingReply;

/**
 * The gateway's one way to change the engine or ask it something only the engine knows (a
 * reservation): commands go in with the request waiting for their answer riding along. The node's
 * composition root plugs in one over its own shard rings; a stateless edge would plug in one that
 * forwards to the owning node. Called on event loops: implementations never block.
 */
public interface EngineProxy
{
    /** What {@link #shardOfReservation} says of an id that names no shard here. */
    int NO_SHARD = -1;

    /** The shard that owns this SKU code, or would own it once defined. */
    int shardFor(String sku);

    /** The shard a reservation id names, or {@link #NO_SHARD}. */
    int shardOfReservation(long reservationId);

    /** The code of the SKU at {@code skuIndex} of a shard (answers name SKUs by index), or null. */
    String skuAt(int shard, int skuIndex);

    /**
     * Hands the command to the shard with its completion; the answer reaches {@code reply} on its
     * event loop.
     *
     * @return false at once when the shard is full or stopped: nothing was queued, the caller answers 503.
     */
    boolean submit(int shard, CommandRequest request, PendingReply reply);

    /** The engine's own figures, for the admin stats and the dashboard. */
    EngineFigures figures();
}
