package io.flashsale.journal;

import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;

/**
 * How a shard journals.
 *
 * @param rollCycle                Chronicle file roll: {@code FAST_HOURLY} by default, one file an hour of a
 *                                 sale, so a day-long sale is a couple of dozen files and old hours can be
 *                                 dropped by retention without touching the live one.
 * @param fsyncEachBatch           false: a batch is durable once written to the memory-mapped queue (survives
 *                                 kill -9 of the process, not a machine crash); true: each batch is also
 *                                 forced to disk before any of its commands is applied or answered.
 * @param epoch                    the primary's epoch, written into every record (fencing for replicas).
 * @param checkpointEvery          a state-hash checkpoint is written for every journal index that is a
 *                                 multiple of this.
 * @param snapshotEveryCommands    a snapshot after this many commands since the last one ...
 * @param snapshotEveryMillis      ... or this much engine time, whichever comes first.
 * @param snapshotsKept            newest snapshots kept per shard; older ones are deleted.
 * @param retainedCycles           journal files (roll cycles) kept; 0 keeps all. Only cycles wholly
 *                                 before the oldest kept snapshot are ever deleted.
 * @param snapshotsByFollower      true: the periodic snapshots are taken by a {@link SnapshotTaker}, a thread
 *                                 that follows the journal with its own copy of the engine, so the logic
 *                                 thread never stops to serialise its state; false: the logic thread
 *                                 serialises at the end of a batch (tests that want a snapshot at a known
 *                                 moment). The snapshot at shutdown is always the logic thread's.
 */
public record JournalSettings(
    RollCycle rollCycle,
    boolean fsyncEachBatch,
    int epoch,
    long checkpointEvery,
    long snapshotEveryCommands,
    long snapshotEveryMillis,
    int snapshotsKept,
    int retainedCycles,
    boolean snapshotsByFollower)
{
    public JournalSettings
    {
        if (checkpointEvery < 1 || snapshotEveryCommands < 1 || snapshotEveryMillis < 1 || snapshotsKept < 1)
        {
            throw new IllegalArgumentException("intervals and kept counts must be >= 1");
        }
    }

    public static JournalSettings defaults()
    {
        return new JournalSettings(RollCycles.FAST_HOURLY, false, 1, 1_000_000, 5_000_000, 60_000, 3, 0, true);
    }

    /**
     * Who takes the periodic snapshots when nobody says: the follower replays every command again, which
     * is free on a spare core and a tax on a box without one (5-8 % of a node's reservations on 2 vCPUs
     * shared with the event loops; in the journal benchmark it took a core of its own).
     */
    public static boolean followerSnapshotsByDefault()
    {
        return Runtime.getRuntime().availableProcessors() >= 4;
    }

    /** {@link #defaults()} with the snapshots taken as a node on this machine takes them by default. */
    public static JournalSettings forThisMachine()
    {
        return defaults().withSnapshotsByFollower(followerSnapshotsByDefault());
    }

    public JournalSettings withFsync(final boolean fsync)
    {
        return new JournalSettings(rollCycle, fsync, epoch, checkpointEvery, snapshotEveryCommands,
            snapshotEveryMillis, snapshotsKept, retainedCycles, snapshotsByFollower);
    }

    public JournalSettings withCheckpointsAndSnapshots(final long checkpoints, final long snapshotCommands,
        final long snapshotMillis, final int kept)
    {
        return new JournalSettings(rollCycle, fsyncEachBatch, epoch, checkpoints, snapshotCommands, snapshotMillis,
            kept, retainedCycles, snapshotsByFollower);
    }

    /** A primary's epoch, from its lease: every record it writes carries it. */
    public JournalSettings withEpoch(final int newEpoch)
    {
        return new JournalSettings(rollCycle, fsyncEachBatch, newEpoch, checkpointEvery, snapshotEveryCommands,
            snapshotEveryMillis, snapshotsKept, retainedCycles, snapshotsByFollower);
    }

    public JournalSettings withSnapshotsByFollower(final boolean byFollower)
    {
        return new JournalSettings(rollCycle, fsyncEachBatch, epoch, checkpointEvery, snapshotEveryCommands,
            snapshotEveryMillis, snapshotsKept, retainedCycles, byFollower);
    }
}
