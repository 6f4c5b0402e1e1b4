package io.flashsale.journal;

import io.flashsale.engine.command.Command;
import io.flashsale.engine.shard.AppliedCommandHook;
import io.flashsale.engine.state.ReservationEngine;
import org.agrona.ExpandableArrayBuffer;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * On the logic thread, after each command: hands the state hash at every checkpoint index to the
 * journal stage (which writes it into the journal; the hash is O(SKUs)), and, unless a
 * {@link SnapshotTaker} does it, takes a snapshot every N commands or T milliseconds of engine time
 * at the end of a batch: the state is serialised here, at a known journal index (a consistent cut),
 * and a background thread writes the file, so the ring waits for the serialisation, not the disk.
 */
public final class StateCheckpointer implements AppliedCommandHook, AutoCloseable
{
    private final JournalStage stage;
    private final SnapshotFiles snapshots;
    private final JournalSettings settings;
    private final long checkpointEvery;
    private final Consumer<String> log;
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(1 << 20);
    private final ExecutorService writer;
    private final SnapshotCadence cadence;

    public StateCheckpointer(final int shard, final JournalStage stage, final SnapshotFiles snapshots,
        final JournalSettings settings, final long checkpointEvery, final long lastSnapshotIndex,
        final long engineTime, final Consumer<String> log)
    {
        this.stage = stage;
        this.snapshots = snapshots;
        this.settings = settings;
        this.checkpointEvery = checkpointEvery;
        this.cadence = new SnapshotCadence(settings, lastSnapshotIndex, engineTime);
        this.log = log;
        this.writer = Executors.newSingleThreadExecutor(runnable ->
        {
            final Thread thread = new Thread(runnable, "shard-" + shard + "-snapshot-writer");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public void onApplied(final Command command, final ReservationEngine engine, final boolean endOfBatch)
    {
        final long index = command.journalIndex;
        if (index == 0)
        {
            return; // not journaled (a read): no index to checkpoint or snapshot at
        }
        if (index % checkpointEvery == 0)
        {
            stage.postCheckpoint(index, engine.stateHash());
        }
        if (endOfBatch && !settings.snapshotsByFollower() && cadence.due(index, engine.now()))
        {
            final byte[] body = serialise(engine);
            cadence.taken(index, engine.now());
            final long hash = stateHashOf(body);
            writer.execute(() -> write(index, hash, body));
        }
    }

    /** Writes a snapshot now, on the caller's thread: at shutdown, once the shard has drained. */
    public void snapshotNow(final ReservationEngine engine, final long journalIndex)
    {
        if (journalIndex <= 0)
        {
            return;
        }
        final byte[] body = serialise(engine);
        write(journalIndex, stateHashOf(body), body);
        cadence.taken(journalIndex, engine.now());
    }

    @Override
    public void close()
    {
        writer.shutdown();
        try
        {
            writer.awaitTermination(30, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private byte[] serialise(final ReservationEngine engine)
    {
        return SnapshotFiles.serialise(engine, buffer);
    }

    private static long stateHashOf(final byte[] body)
    {
        return SnapshotFiles.stateHashOf(body);
    }

    private void write(final long index, final long hash, final byte[] body)
    {
        try
        {
            snapshots.write(index, hash, body, body.length, settings.snapshotsKept());
        }
        catch (final JournalException ex)
        {
            log.accept("snapshot at journal index " + index + " failed: " + ex.getMessage());
        }
    }
}
