package io.flashsale.server;

import io.flashsale.backstop.BackstopSettings;
import io.flashsale.gateway.GatewaySettings;
import io.flashsale.replica.lease.PrimaryLease;

import java.nio.file.Path;

/**
 * Everything a server is started with (shared/API.md "Starting a server"). Built by
 * {@link SettingsLoader} from, in rising priority: defaults, a config file, environment variables,
 * command-line flags.
 *
 * @param readsPerSecond  per caller (identity, else client address): the refill rate of the read bucket.
 * @param readBurst       per caller: the read bucket's capacity.
 * @param writesPerSecond per caller: the refill rate of the write bucket.
 * @param writeBurst      per caller: the write bucket's capacity.
 * @param globalReadsPerSecond  the whole gateway's read budget.
 * @param globalWritesPerSecond the whole gateway's write budget.
 * @param requestTimeoutMillis  a request's bytes, once started, must all arrive within this (else 408).
 * @param idleTimeoutMillis     a connection with nothing in flight is closed after this.
 * @param backstop              Kafka export, Postgres persister and sweeper (each off when not configured).
 * @param replicationPort       where replicas ask for the journal (log shipping); -1: none.
 * @param engineExpiry          expiry layers 1 and 2 (wheel, lazy) on; off only to test the backstop,
 *                              and fixed in a data directory at its first start.
 * @param snapshotsByFollower   periodic snapshots by a journal follower of their own (no pause of the logic
 *                              thread, a second engine's memory and CPU) rather than by the logic thread.
 * @param lease                 the primary lease in Postgres (a replica may then take over); null: no lease,
 *                              this server is the primary for as long as it runs.
 */
public record ServerSettings(
    int port,
    String host,
    Path dataDir,
    Path catalogue,
    String adminToken,
    GatewaySettings.AuthMode authMode,
    String jwtSecret,
    int shards,
    String redisUrl,
    BackstopSettings backstop,
    boolean engineExpiry,
    int replicationPort,
    int ringSize,
    String waitStrategy,
    long readsPerSecond,
    long readBurst,
    long writesPerSecond,
    long writeBurst,
    long globalReadsPerSecond,
    long globalWritesPerSecond,
    long requestTimeoutMillis,
    long idleTimeoutMillis,
    boolean snapshotsByFollower,
    PrimaryLease.Settings lease)
{
    /**
     * The same node as a replica promoted to primary serves it: on the address it listened on as a
     * replica, with the shard count its data directory was laid out with (the old primary's).
     */
    public ServerSettings promotedOn(final int boundPort, final int layoutShards)
    {
        return new ServerSettings(boundPort, host, dataDir, catalogue, adminToken, authMode, jwtSecret, layoutShards,
            redisUrl, backstop, engineExpiry, replicationPort, ringSize, waitStrategy, readsPerSecond, readBurst,
            writesPerSecond, writeBurst, globalReadsPerSecond, globalWritesPerSecond, requestTimeoutMillis,
            idleTimeoutMillis, snapshotsByFollower, lease);
    }

    /** What the HTTP side needs of these. */
    public GatewaySettings gateway()
    {
        return new GatewaySettings(host, port, adminToken,
            authMode, jwtSecret,
            readsPerSecond, readBurst, writesPerSecond, writeBurst, globalReadsPerSecond, globalWritesPerSecond,
            requestTimeoutMillis, idleTimeoutMillis);
    }
}
