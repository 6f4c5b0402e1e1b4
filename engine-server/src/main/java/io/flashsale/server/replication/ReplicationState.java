package io.flashsale.server.replication;

/** How this node's writes are replicated, as /health says it. */
public interface ReplicationState
{
    /** Answered from the primary's own journal: replicas follow behind. */
    ReplicationState ASYNC = new ReplicationState()
    {
        @Override
        public String name()
        {
            return "ASYNC";
        }

        @Override
        public boolean refusingWrites()
        {
            return false;
        }
    };

    /** ASYNC, SYNC, or DEGRADED (synchronous, and no replica acknowledged in time). */
    String name();

    /** True while writes are refused before they reach the ring (synchronous, degraded, REFUSE). */
    boolean refusingWrites();
}
