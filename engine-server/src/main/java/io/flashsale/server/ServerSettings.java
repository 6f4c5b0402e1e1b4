package io.flashsale.server;

import io.flashsale.backstop.BackstopSettings;
import io.flashsale.gateway.GatewaySettings;
import io.flashsale.gateway.engine.Placement;
import io.flashsale.replica.lease.PrimaryLease;
import io.flashsale.server.replication.ReplicationSettings;

import java.nio.file.Path;

/**
 * Everything a server is started with (shared/API.md "Starting a server"). Built by
 * {@link SettingsLoader} from, in rising priority: defaults, a config file, environment variables,
 * command-line flags.
 *
 * @param gateway             what the HTTP side is started with (address, identity, rate limits, deadlines).
 * @param backstop            Kafka export, Postgres persister and sweeper (each off when not configured).
 * @param replicationPort     where replicas ask for the journal (log shipping); -1: none.
 * @param engineExpiry        expiry layers 1 and 2 (wheel, lazy) on; off only to test the backstop,
 *                            and fixed in a data directory at its first start.
 * @param snapshotsByFollower periodic snapshots by a journal follower of their own (no pause of the logic
 *                            thread, a second engine's memory and CPU) rather than by the logic thread.
 * @param lease               the primary lease in Postgres (a replica may then take over); null: no lease,
 *                            this server is the primary for as long as it runs.
 * @param replication         the group: peers, synchronous or not, and what a late replica means.
 * @param placement           alone, or this node's group of a cluster (its SKUs, its reservation ids).
 * @param expectedUsers       distinct users the sale expects: each shard's stores are sized for them
 *                            at a data directory's first start (engine.properties), so none grows on
 *                            the logic thread while the crowd arrives.
 */
public record ServerSettings(
    GatewaySettings gateway,
    Path dataDir,
    Path catalogue,
    int shards,
    String redisUrl,
    BackstopSettings backstop,
    boolean engineExpiry,
    int replicationPort,
    int ringSize,
    String waitStrategy,
    boolean snapshotsByFollower,
    PrimaryLease.Settings lease,
    ReplicationSettings replication,
    Placement placement,
    int expectedUsers)
{
    /**
     * The same node as a replica promoted to primary serves it: on the address it listened on as a
     * replica, with the shard count its data directory was laid out with (the old primary's).
     */
    public ServerSettings promotedOn(final int boundPort, final int layoutShards)
    {
        return new ServerSettings(gateway.listeningOn(gateway.host(), boundPort), dataDir, catalogue, layoutShards,
            redisUrl, backstop, engineExpiry, replicationPort, ringSize, waitStrategy, snapshotsByFollower, lease, replication, placement, expectedUsers);
    }

    /** The bind address, for what else listens beside the gateway (the journal shipper). */
    public String host()
    {
        return gateway.host();
    }
}
