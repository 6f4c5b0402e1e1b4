package io.flashsale.server;

import io.flashsale.journal.JournalSettings;
import io.flashsale.replica.lease.PrimaryLease;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Nodes of a group are started alike (shared/API.md "A group of nodes"): the one that takes the
 * primary lease is the primary; one that starts while another node holds it becomes that node's
 * replica, following the replication address the lease row names, and takes over when the lease
 * lapses.
 */
public final class NodeStart
{
    private static final long SETTLE_POLL_MILLIS = 50;

    private NodeStart()
    {
    }

    public static RunningNode start(final ServerSettings settings, final Consumer<String> log) throws IOException, InterruptedException
    {
        try
        {
            return PrimaryNode.start(settings, log);
        }
        catch (final PrimaryLease.HeldElsewhere refused)
        {
            final PrimaryLease.Holding holding = settled(settings, refused);
            if (!followable(holding))
            {
                throw refused; // a lapsed lease last held by another node, or a primary that ships no journal
            }
            log.accept("the primary lease is held by " + holding.holder() + " (epoch " + holding.epoch() +
                "): following it at " + holding.replication() + " as its replica");
            return ReplicaNode.start(address(holding.replication()), settings, JournalSettings.defaults(), log);
        }
    }

    /**
     * The lease row, given up to a lease's time to name a live holder's replication address: a replica
     * promoted a moment ago answers as the primary before it has advertised its addresses (a node
     * restarted in that window was refused in a CI run), and a busy holder's renewal may come late.
     */
    private static PrimaryLease.Holding settled(final ServerSettings settings, final PrimaryLease.HeldElsewhere refused)
        throws InterruptedException
    {
        final long giveUp = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.lease().ttlMillis());
        PrimaryLease.Holding holding = holding(settings, refused);
        while (!followable(holding) && System.nanoTime() - giveUp < 0)
        {
            Thread.sleep(SETTLE_POLL_MILLIS);
            holding = holding(settings, refused);
        }
        return holding;
    }

    /** A live holder that ships its journal, at an address the lease row names. */
    private static boolean followable(final PrimaryLease.Holding holding)
    {
        return !holding.lapsed() && holding.replication() != null;
    }

    private static PrimaryLease.Holding holding(final ServerSettings settings, final PrimaryLease.HeldElsewhere refused)
    {
        try
        {
            final PrimaryLease.Holding holding = PrimaryLease.holding(settings.lease());
            if (holding == null)
            {
                throw refused;
            }
            return holding;
        }
        catch (final SQLException ex)
        {
            throw refused;
        }
    }

    static InetSocketAddress address(final String hostAndPort)
    {
        final int colon = hostAndPort.lastIndexOf(':');
        if (colon < 1)
        {
            throw new IllegalArgumentException("not HOST:PORT: " + hostAndPort);
        }
        return new InetSocketAddress(hostAndPort.substring(0, colon), Integer.parseInt(hostAndPort.substring(colon + 1)));
    }
}
