package io.flashsale.gateway.engine;

import io.flashsale.engine.shard.PublishedSku;

import java.util.List;

/**
 * Where the gateway reads products and availability without asking the engine: never through a
 * ring. Each {@link PublishedSku} carries a live, versioned availability cell: that cell is the
 * subscription to changes (a stream watches its version and sends when it moves, so the writer
 * never knows how many readers there are). In a node the cells are the ones its logic threads (or
 * a replica's followers) publish; an edge would fill its own from the Redis master's change feed.
 * Safe on any thread.
 */
public interface AvailabilitySource
{
    /** Every SKU, ordered by SKU code. */
    List<PublishedSku> products();

    /** The SKU, or null when there is no such SKU here. */
    PublishedSku find(String sku);
}
