package io.flashsale.journal;

import io.flashsale.engine.state.EngineListener;
import org.agrona.ExpandableArrayBuffer;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Takes a shard's periodic snapshots off the logic thread. A thread of its own follows the shard's
 * journal with a second copy of the engine ({@link JournalFollower}: the same code, the same
 * checkpoint checks) and, between two documents (a ring batch's end, a consistent cut), serialises
 * that copy every N commands or T of engine time. The logic thread, with 200,000 holds, used to stop
 * tens of milliseconds for this; now it never does. LMAX took snapshots from a replica the same way.
 * Costs: a second engine's memory and a replay's CPU (a few per cent of a core at peak writes).
 */
public final class SnapshotTaker implements AutoCloseable
{
    private static final int DOCUMENTS_PER_POLL = 256;
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    private final DataDirectory directory;
    private final int shard;
    private final JournalSettings settings;
    private final Consumer<String> log;
    private final Thread thread;
    private final ExpandableArrayBuffer scratch = new ExpandableArrayBuffer(1 << 20);
    private final long snapshotIndexAtStart;
    private volatile boolean running = true;
    private volatile long failures;

    public SnapshotTaker(final DataDirectory directory, final int shard, final JournalSettings settings,
        final long lastSnapshotIndex, final Consumer<String> log)
    {
        this.directory = directory;
        this.shard = shard;
        this.settings = settings;
        this.snapshotIndexAtStart = lastSnapshotIndex;
        this.log = log;
        this.thread = new Thread(this::run, "shard-" + shard + "-snapshot-taker");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Follows and snapshots until closed; a failure starts over from the newest snapshot after a pause. */
    private void run()
    {
        final SnapshotCadence cadence = new SnapshotCadence(settings, snapshotIndexAtStart, 0);
        long backoff = TimeUnit.SECONDS.toNanos(1);
        while (running)
        {
            try
            {
                follow(cadence);
                return;
            }
            catch (final RuntimeException ex)
            {
                failures++;
                // the primary goes on; until this taker is back, recovery replays from an older snapshot
                log.accept("shard " + shard + ": snapshot taker failed (" + ex.getMessage() + "); again in " +
                    TimeUnit.NANOSECONDS.toMillis(backoff) + " ms");
                LockSupport.parkNanos(backoff);
                backoff = Math.min(backoff * 2, TimeUnit.SECONDS.toNanos(30));
            }
        }
    }

    /** Times the taker failed and started over. */
    public long failures()
    {
        return failures;
    }

    private void follow(final SnapshotCadence cadence)
    {
        try (JournalFollower follower = JournalFollower.start(directory, shard, Long.MAX_VALUE, settings,
            EngineListener.NONE, JournalFollower.Observer.NONE, ignored -> { }))
        {
            cadence.due(follower.lastApplied(), follower.engine().now()); // the clock of the state it starts from
            while (running)
            {
                if (follower.poll(DOCUMENTS_PER_POLL) == 0)
                {
                    LockSupport.parkNanos(IDLE_PARK_NANOS);
                }
                else if (cadence.due(follower.lastApplied(), follower.engine().now()))
                {
                    snapshot(follower);
                    cadence.taken(follower.lastApplied(), follower.engine().now());
                }
            }
        }
    }

    private void snapshot(final JournalFollower follower)
    {
        final long index = follower.lastApplied();
        final byte[] body = SnapshotFiles.serialise(follower.engine(), scratch);
        try
        {
            directory.snapshots(shard).write(index, SnapshotFiles.stateHashOf(body), body, body.length, settings.snapshotsKept());
        }
        catch (final JournalException ex)
        {
            log.accept("snapshot at journal index " + index + " failed: " + ex.getMessage());
        }
    }

    /** Stops the thread; a snapshot being written is finished first. */
    @Override
    public void close()
    {
        running = false;
        LockSupport.unpark(thread);
        try
        {
            thread.join(); // wholly: nobody else may write this shard's snapshots until it is gone
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
