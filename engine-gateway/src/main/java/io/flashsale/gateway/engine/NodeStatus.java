package io.flashsale.gateway.engine;

/**
 * What the node under the gateway is right now, asked on every API call (cheap: volatile reads).
 * A primary with its lease serves everything; a replica serves reads and answers the rest
 * 503 NOT_PRIMARY; a primary that lost its lease serves nothing but its health (DOWN), since its
 * availability may already be stale.
 */
public interface NodeStatus
{
    enum Role
    {
        PRIMARY,
        REPLICA,
        /** A stateless gateway over the groups of a cluster: no journal of its own. */
        EDGE
    }

    Role role();

    /** False: /health answers 503 DOWN. */
    boolean up();

    /** Writes, reservation reads and the admin API go to the engine; false: 503 NOT_PRIMARY. */
    boolean acceptsWrites();

    /** Products, availability, streams and search; false: 503 NOT_PRIMARY for every API call. */
    boolean servesReads();

    /** The sum over shards of the last journal index applied. */
    long journalIndex();

    /** Where the primary serves ({@code http://host:port}) when this node is not it, else null. */
    String primaryLocation();

    /** How writes are replicated (ASYNC, SYNC, DEGRADED), or null for a node that writes none. */
    String replication();

    /** Why writes are refused for now (503, before they reach the engine), or null while they are taken. */
    String writesRefusedBecause();

    /** What else /health says (a node's group and sale, an edge's groups and their primaries). */
    default java.util.Map<String, Object> healthDetails()
    {
        return java.util.Map.of();
    }
}
