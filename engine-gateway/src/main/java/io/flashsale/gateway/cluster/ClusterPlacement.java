package io.flashsale.gateway.cluster;

import io.flashsale.engine.command.ReservationIdFormat;
import io.flashsale.gateway.engine.Placement;

/** A node of one group of a cluster: its SKUs are those the cluster map gives its group. */
public final class ClusterPlacement implements Placement
{
    private final ClusterMap cluster;
    private final String group;
    /** Asked on every reservation answer: made once. */
    private final ReservationIdFormat reservationIds;

    public ClusterPlacement(final ClusterMap cluster, final String group)
    {
        if (cluster.group(group) == null)
        {
            throw new IllegalArgumentException("FLASHSALE_GROUP " + group + " is not a group of the cluster file " +
                cluster.groups().stream().map(ClusterMap.Group::name).toList());
        }
        this.cluster = cluster;
        this.group = group;
        this.reservationIds = new ReservationIdFormat(group);
    }

    public String group()
    {
        return group;
    }

    /** True when the SKU is this group's to sell. */
    public boolean owns(final String sku)
    {
        return cluster.ownerOf(sku).name().equals(group);
    }

    @Override
    public boolean behindEdges()
    {
        return true;
    }

    @Override
    public ReservationIdFormat reservationIds()
    {
        return reservationIds;
    }

    @Override
    public String ownerElsewhere(final String sku)
    {
        final ClusterMap.Group owner = cluster.ownerOf(sku);
        return owner.name().equals(group) ? null : owner.nodes().get(0);
    }
}
