package io.flashsale.server;

import io.flashsale.gateway.Gateway;
import io.flashsale.gateway.engine.EngineSeams;
import io.flashsale.gateway.GatewayMetrics;
import io.flashsale.journal.JournalSettings;
import io.flashsale.replica.Follower;
import io.flashsale.replica.LeaseWatch;
import io.flashsale.replica.NodeRole;
import io.flashsale.replica.lease.PrimaryLease;
import io.flashsale.gateway.engine.ReadOnlyEngine;
import io.flashsale.server.engine.RoleStatus;
import io.flashsale.server.engine.ShardViews;
import io.flashsale.server.replication.ReplicationState;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A replica node, wired in one place:
 * <pre>
 *  1. a {@link Follower}: every shard's journal and engine kept in step with the primary's
 *  2. the same HTTP gateway as a primary's, over the followers' views, with the node's role REPLICA:
 *     products, availability, both streams, search and health served; everything else 503 NOT_PRIMARY
 *  3. with a lease configured, a {@link LeaseWatch}: when the primary lets the lease lapse this node
 *     stops following and starts a {@link PrimaryNode} on its own journal, on the same HTTP address
 * </pre>
 * The role moves REPLICA → PRIMARY on the one {@link NodeRole} both halves share.
 */
public final class ReplicaNode implements RunningNode
{
    private final NodeRole role = new NodeRole(NodeRole.Role.REPLICA);
    private final ServerSettings settings;
    private final Follower follower;
    private final Consumer<String> log;
    private Gateway http;
    private volatile LeaseWatch watch;
    private volatile PrimaryNode promoted;
    private volatile Runnable onFenced = () ->
    {
    };

    private ReplicaNode(final ServerSettings settings, final Follower follower, final Consumer<String> log)
    {
        this.settings = settings;
        this.follower = follower;
        this.log = log;
    }

    /**
     * @param settings the node's: data directory, HTTP address and limits as a replica; everything
     *                 else (Redis, backstop, replication port) is what it serves with once promoted.
     *                 With no lease it is never promoted: a read-only follower.
     * @param journal  how its own journal is kept and snapshotted (tests take snapshots often)
     */
    public static ReplicaNode start(final InetSocketAddress primary, final ServerSettings settings,
        final JournalSettings journal, final Consumer<String> log) throws IOException, InterruptedException
    {
        final AtomicReference<ReplicaNode> self = new AtomicReference<>();
        final Follower follower = Follower.start(primary, () -> self.get() == null ? primary : self.get().following(primary),
            settings.dataDir(), journal, settings.replication().sync(), log);
        final ReplicaNode node = new ReplicaNode(settings, follower, log);
        self.set(node);
        try
        {
            node.http = Gateway.start(settings.gateway(), EngineSeams.node(
                    new ReadOnlyEngine(follower.views().size(), follower::journalIndex), new ShardViews(follower.views()),
                    new RoleStatus(node.role, follower::journalIndex, follower::healthy, node::primaryHttp,
                        ReplicationState.ASYNC, NodeDetails.of(settings.placement(), null)),
                    settings.placement()),
                null, new GatewayMetrics(), System::currentTimeMillis, log);
        }
        catch (final InterruptedException | RuntimeException ex)
        {
            follower.close();
            throw ex;
        }
        log.accept("replica on http://" + settings.host() + ":" + node.http.port() + "/ following " + primary +
            (settings.lease() == null ? "" : "; takes over when the primary's lease lapses"));
        if (settings.lease() != null)
        {
            node.watch = LeaseWatch.start(settings.lease(), follower, node::promote, log);
        }
        return node;
    }

    /** On the watch's thread: stop following (each shard's journal ends at a whole document), then serve as the primary. */
    private void promote(final PrimaryLease lease)
    {
        final int port = http.port();
        synchronized (this)
        {
            if (!role.moveTo(NodeRole.Role.PRIMARY))
            {
                lease.close(); // closed meanwhile
                return;
            }
            http.stopAccepting();
            http.close();
            follower.close();
        }
        try
        {
            final PrimaryNode primary = PrimaryNode.start(settings.promotedOn(port, follower.directory().layout().shards()),
                lease, role, log);
            primary.onFenced(() -> onFenced.run());
            promoted = primary;
            log.accept("replica promoted: primary on http://" + settings.host() + ":" + port + "/ with epoch " + lease.epoch());
        }
        catch (final IOException | InterruptedException | RuntimeException ex)
        {
            lease.close();
            role.moveTo(NodeRole.Role.STOPPED);
            log.accept("replica: promotion failed, this node serves nothing: " + ex);
        }
    }

    /** Where to follow: the lease row's primary once the watch has read it, else where this node was started to follow. */
    private InetSocketAddress following(final InetSocketAddress started)
    {
        final LeaseWatch looking = watch;
        final String replication = looking == null ? null : looking.primaryReplication();
        return replication == null ? started : NodeStart.address(replication);
    }

    /** Where the primary serves shoppers, as the lease row says; null without a lease. */
    private String primaryHttp()
    {
        final LeaseWatch looking = watch;
        return looking == null ? null : looking.primaryHttp();
    }

    /** The primary this replica became, or null while it follows. */
    public PrimaryNode promoted()
    {
        return promoted;
    }

    /** Once promoted: told when the primary it became loses its lease. */
    @Override
    public void onFenced(final Runnable action)
    {
        onFenced = action;
    }

    @Override
    public long journalIndex()
    {
        final PrimaryNode primary = promoted;
        return primary != null ? primary.journalIndex() : follower.journalIndex();
    }

    @Override
    public int port()
    {
        final PrimaryNode primary = promoted;
        return primary != null ? primary.port() : http.port();
    }

    @Override
    public void close()
    {
        if (watch != null)
        {
            watch.close(); // a promotion under way finishes first
        }
        final PrimaryNode primary = promoted;
        if (primary != null)
        {
            primary.close(); // the follower's parts were closed at the promotion
            return;
        }
        synchronized (this)
        {
            if (role.moveTo(NodeRole.Role.STOPPED))
            {
                http.stopAccepting();
                http.close();
                follower.close();
            }
        }
    }
}
