package io.flashsale.gateway.cluster;

import io.flashsale.engine.command.ReservationIdFormat;
import io.flashsale.gateway.engine.Placement;

/** A node of one group of a cluster: its SKUs are those the cluster map gives its group. */
public record ClusterPlacement(ClusterMap cluster, String group) implements Placement
{
    public ClusterPlacement
    {
        if (cluster.group(group) == null)
        {
            throw new IllegalArgumentException("FLASHSALE_GROUP " + group + " is not a group of the cluster file " +
                cluster.groups().stream().map(ClusterMap.Group::name).toList());
        }
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
        return new ReservationIdFormat(group);
    }

    @Override
    public String ownerElsewhere(final String sku)
    {
        final ClusterMap.Group owner = cluster.ownerOf(sku);
        return owner.name().equals(group) ? null : owner.nodes().get(0);
    }
}
