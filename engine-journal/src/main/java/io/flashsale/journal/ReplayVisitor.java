package io.flashsale.journal;

import io.flashsale.engine.state.ReservationEngine;
import io.flashsale.journal.record.JournalRecord;

/**
 * Applies a journal's commands after a starting index to an engine, with the same engine code as
 * the live logic thread, and checks the state-hash checkpoints on the way: the hash is taken at
 * every index that is a multiple of the interval and compared when the checkpoint record for it
 * arrives (a batch or so later).
 */
final class ReplayVisitor implements JournalScanner.RecordVisitor
{
    private static final int REMEMBERED = 8;

    private final ReservationEngine engine;
    private final long startAfter;
    private final long stopAt;
    private final long checkpointEvery;
    private final long[] hashIndexes = new long[REMEMBERED];
    private final long[] hashes = new long[REMEMBERED];
    private long replayed;
    private long checkpointsVerified;
    private long lastApplied;
    private JournalException failure;

    /**
     * @param startAfter records up to this index are already in the engine (its snapshot's index).
     * @param stopAt     the last index to apply (Long.MAX_VALUE for all).
     */
    ReplayVisitor(final ReservationEngine engine, final long startAfter, final long stopAt, final long checkpointEvery)
    {
        this.engine = engine;
        this.startAfter = startAfter;
        this.stopAt = stopAt;
        this.checkpointEvery = checkpointEvery;
        this.lastApplied = startAfter;
        if (startAfter > 0 && startAfter % checkpointEvery == 0)
        {
            remember(startAfter, engine.stateHash());
        }
    }

    @Override
    public boolean onRecord(final JournalRecord record)
    {
        if (record.isCommand())
        {
            if (record.journalIndex <= startAfter)
            {
                return true;
            }
            if (record.journalIndex > stopAt)
            {
                return false;
            }
            if (record.journalIndex != lastApplied + 1)
            {
                failure = new JournalException("the journal jumps from index " + lastApplied + " to " +
                    record.journalIndex + ": commands in between are missing (an older journal file removed?)");
                return false;
            }
            engine.apply(record.command);
            lastApplied = record.journalIndex;
            replayed++;
            if (record.journalIndex % checkpointEvery == 0)
            {
                remember(record.journalIndex, engine.stateHash());
            }
            return true;
        }
        if (record.journalIndex <= startAfter || record.journalIndex > stopAt)
        {
            return true;
        }
        final int slot = (int)((record.journalIndex / checkpointEvery) % REMEMBERED);
        if (hashIndexes[slot] == record.journalIndex)
        {
            if (hashes[slot] != record.stateHash)
            {
                failure = new JournalException(String.format(
                    "state hash at journal index %d is %016x on replay but the journal's checkpoint says %016x",
                    record.journalIndex, hashes[slot], record.stateHash));
                return false;
            }
            checkpointsVerified++;
        }
        return true;
    }

    long replayed()
    {
        return replayed;
    }

    long checkpointsVerified()
    {
        return checkpointsVerified;
    }

    long lastApplied()
    {
        return lastApplied;
    }

    /** Set when a checkpoint did not match: the replay stopped there. */
    JournalException failure()
    {
        return failure;
    }

    private void remember(final long index, final long hash)
    {
        final int slot = (int)((index / checkpointEvery) % REMEMBERED);
        hashIndexes[slot] = index;
        hashes[slot] = hash;
    }
}
