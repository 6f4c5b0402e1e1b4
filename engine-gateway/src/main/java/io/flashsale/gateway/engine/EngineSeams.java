package io.flashsale.gateway.engine;

/**
 * Everything the gateway is given of what is under it. A node: its own rings and views, its role,
 * its group's placement, nothing forwarded. An edge: availability from the Redis master, writes
 * forwarded to the owning group, every SKU placed by the cluster file.
 */
public record EngineSeams(EngineProxy engine, AvailabilitySource source, NodeStatus status, Placement placement,
    Forwarder forwarder)
{
    /** A node: it answers every request itself. */
    public static EngineSeams node(final EngineProxy engine, final AvailabilitySource source, final NodeStatus status,
        final Placement placement)
    {
        return new EngineSeams(engine, source, status, placement, Forwarder.NONE);
    }
}
