package io.flashsale.server.replication;

import java.util.List;

/**
 * A group's replication (shared/API.md "A group of nodes").
 *
 * @param peers         the other nodes' replication addresses (FLASHSALE_PEERS, HOST:PORT each); the
 *                      group is found through the lease row, so these only say that there is a group.
 * @param sync          a write is answered only once a replica holds it (FLASHSALE_REPLICATION_MODE,
 *                      sync by default whenever there are peers).
 * @param timeoutMillis how long an answer waits for a replica (FLASHSALE_SYNC_TIMEOUT_MS, 500).
 * @param fallback      what happens past it (FLASHSALE_SYNC_FALLBACK: refuse, the default, or alone).
 */
public record ReplicationSettings(List<String> peers, boolean sync, long timeoutMillis, SyncReplyGate.Fallback fallback)
{
}
