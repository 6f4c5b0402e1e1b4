package io.flashsale.gateway.http;

/**
 * When a ring batch's answers may go out. Asynchronous replication: at once, once the primary's own
 * journal holds the batch. Synchronous: once a replica has acknowledged the batch's last journal
 * index, or, past a timeout, as the node's setting says (refused or answered alone). Called on the
 * shard's completion thread once per batch: implementations queue, never block.
 */
@FunctionalInterface
public interface ReplyGate
{
    ReplyGate AT_ONCE = (shard, journalIndex, deliver, refuse) -> deliver.run();

    /**
     * @param journalIndex the highest journal index among the batch's answered commands (0: none mutated).
     * @param deliver      sends the answers (hands them to their event loops).
     * @param refuse       answers them 503 instead (the commands stand; a retry with the same
     *                     Idempotency-Key gets the first answer).
     */
    void release(int shard, long journalIndex, Runnable deliver, Runnable refuse);
}
