package io.flashsale.server;

/** A node while it serves, whichever role it started in. */
public interface RunningNode extends AutoCloseable
{
    /** The HTTP port it listens on. */
    int port();

    /** The sum over shards of the last journal index it holds. */
    long journalIndex();

    /** Told (on the lease's thread) when this node, as the primary, has lost its lease and fenced itself. */
    void onFenced(Runnable action);

    /** A clean stop: nothing more accepted, the rings drained, the journal closed. */
    @Override
    void close();
}
