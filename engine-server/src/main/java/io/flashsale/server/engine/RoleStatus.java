package io.flashsale.server.engine;

import io.flashsale.gateway.engine.NodeStatus;
import io.flashsale.replica.NodeRole;
import io.flashsale.server.replication.ReplicationState;

import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/** What the gateway is told of the node, read off its {@link NodeRole}. */
public final class RoleStatus implements NodeStatus
{
    private final NodeRole role;
    private final LongSupplier journalIndex;
    private final BooleanSupplier healthy;
    private final Supplier<String> primary;
    private final ReplicationState replication;
    private final java.util.Map<String, Object> details;

    /**
     * @param healthy for a replica: every shard still follows; for a primary: its lease is still held,
     *                read on every call (a primary resumed after a pause past its lease must refuse at
     *                once, before the lease's renewer has noticed and fenced it).
     * @param primary where the primary serves as far as this node knows (the lease row), or null.
     * @param replication how a primary's writes are replicated.
     * @param details     what /health says besides (the group, the sale), fixed for the node's life.
     */
    public RoleStatus(final NodeRole role, final LongSupplier journalIndex, final BooleanSupplier healthy,
        final Supplier<String> primary, final ReplicationState replication, final java.util.Map<String, Object> details)
    {
        this.details = java.util.Map.copyOf(details);
        this.replication = replication;
        this.role = role;
        this.journalIndex = journalIndex;
        this.healthy = healthy;
        this.primary = primary;
    }

    @Override
    public Role role()
    {
        return role.role() == NodeRole.Role.REPLICA ? Role.REPLICA : Role.PRIMARY;
    }

    @Override
    public boolean up()
    {
        return switch (role.role())
        {
            case PRIMARY, REPLICA -> healthy.getAsBoolean();
            case FENCED, STOPPED -> false;
        };
    }

    @Override
    public boolean acceptsWrites()
    {
        return role.role() == NodeRole.Role.PRIMARY && healthy.getAsBoolean();
    }

    @Override
    public boolean servesReads()
    {
        final NodeRole.Role now = role.role();
        return now == NodeRole.Role.REPLICA || now == NodeRole.Role.PRIMARY && healthy.getAsBoolean();
    }

    @Override
    public long journalIndex()
    {
        return journalIndex.getAsLong();
    }

    @Override
    public String replication()
    {
        return role.role() == NodeRole.Role.REPLICA ? null : replication.name();
    }

    @Override
    public String writesRefusedBecause()
    {
        return replication.refusingWrites() ?
            "no replica has confirmed writes in time: writes are refused until one does (synchronous replication)" : null;
    }

    @Override
    public String primaryLocation()
    {
        return role.role() == NodeRole.Role.PRIMARY ? null : primary.get();
    }

    @Override
    public java.util.Map<String, Object> healthDetails()
    {
        return details;
    }
}
