package io.flashsale.journal;

import io.flashsale.engine.command.Command;
import io.flashsale.engine.state.EngineListener;
import io.flashsale.engine.state.ReservationEngine;
import io.flashsale.journal.record.CommandRecordCodec;
import io.flashsale.journal.record.JournalRecord;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;

import java.util.function.Consumer;

/**
 * A shard's engine kept in step with its journal by reading it, not by the ring: the event
 * exporter's (and a replica's) copy of the primary's state. It starts from the state at a journal
 * index (the newest snapshot at or below it, then replay), then applies every record the primary
 * appends after that, with the same engine code and the same checkpoint checks as recovery. Because
 * the engine is deterministic, its listener sees exactly the events the primary's engine saw.
 * It only reads; the primary keeps appending. One thread at a time.
 */
public final class JournalFollower implements AutoCloseable
{
    /** Told around each command applied after the start index (not during the catch-up to it). */
    public interface Observer
    {
        /** For a follower that only keeps the state (snapshots, a replica). */
        Observer NONE = new Observer()
        {
            @Override
            public void beforeApply(final long journalIndex, final Command command)
            {
            }

            @Override
            public void afterApply(final Command command)
            {
            }
        };

        /** {@code command} holds its inputs only. */
        void beforeApply(long journalIndex, Command command);

        /** {@code command} holds its result fields, as the primary's reply did. */
        void afterApply(Command command);
    }

    private final int shard;
    private final JournalQueue queue;
    private final ExcerptTailer tailer;
    private final DocumentReader reader = new DocumentReader();
    private final CommandRecordCodec codec = new CommandRecordCodec();
    private final JournalRecord record = new JournalRecord();
    private final ReservationEngine engine;
    private final ReplayVisitor replay;
    private final Observer observer;

    private JournalFollower(final int shard, final JournalQueue queue, final ReservationEngine engine,
        final long startAfter, final long checkpointEvery, final Observer observer)
    {
        this.shard = shard;
        this.queue = queue;
        this.tailer = queue.tailer();
        this.engine = engine;
        this.replay = new ReplayVisitor(engine, startAfter, Long.MAX_VALUE, checkpointEvery);
        this.observer = observer;
    }

    /**
     * Follows a journal another process writes (the primary's, for the exporter): never cut.
     *
     * @param startAfter the journal index the follower's state starts at: commands after it are
     *                   applied with the observer told; those up to it only rebuild the state
     *                   (Long.MAX_VALUE: all that the journal holds now). Past the journal's end it is
     *                   refused ({@link JournalException}): the journal lost what was read after it.
     */
    public static JournalFollower start(final DataDirectory directory, final int shard, final long startAfter,
        final JournalSettings settings, final EngineListener listener, final Observer observer, final Consumer<String> log)
    {
        return start(directory, shard, ShardRecovery.Options.readOnly(startAfter, true), settings, listener, observer, log);
    }

    /**
     * Follows a journal this process appends to itself (a replica's): the whole of it is rebuilt
     * first, and a torn tail (killed mid-append) is cut, as a starting server's recovery does.
     */
    public static JournalFollower startOwning(final DataDirectory directory, final int shard,
        final JournalSettings settings, final EngineListener listener, final Observer observer, final Consumer<String> log)
    {
        return start(directory, shard, ShardRecovery.Options.START, settings, listener, observer, log);
    }

    private static JournalFollower start(final DataDirectory directory, final int shard,
        final ShardRecovery.Options options, final JournalSettings settings, final EngineListener listener,
        final Observer observer, final Consumer<String> log)
    {
        final DataDirectory.Layout layout = directory.layout();
        final ShardRecovery.Result state = new ShardRecovery(directory, layout, settings, log)
            .recover(shard, listener, options);
        final long startAfter = options.stopAt();
        if (state.lastIndex() < startAfter && startAfter != Long.MAX_VALUE)
        {
            // the journal lost commands the follower's reader already saw (a machine crash took unsynced
            // pages, an operator cut it): the indexes will be reused for other commands. Following on
            // would give them the first history's meaning; an operator has to reconcile.
            throw new JournalException("shard " + shard + ": asked to follow after index " + startAfter +
                " but the journal ends at " + state.lastIndex() + ": it lost commands already read downstream");
        }
        final JournalQueue queue = JournalQueue.open(directory.journal(shard), settings.rollCycle(), false);
        return new JournalFollower(shard, queue, state.engine(), state.lastIndex(), layout.checkpointEvery(), observer);
    }

    /**
     * Applies what the journal holds beyond the last applied index, at most {@code maxDocuments}
     * documents (ring batches) of it.
     *
     * @return the commands applied; 0 when the follower is at the journal's end.
     * @throws JournalException when a record is damaged, the indexes jump or a checkpoint disagrees.
     */
    public int poll(final int maxDocuments)
    {
        int applied = 0;
        for (int documents = 0; documents < maxDocuments; documents++)
        {
            final int length;
            try (DocumentContext context = tailer.readingDocument())
            {
                if (!context.isPresent())
                {
                    break;
                }
                length = reader.copy(context.wire().bytes());
            }
            int at = 0;
            while (at < length)
            {
                final int recordLength = codec.decode(reader.bytes(), at, length, record);
                if (recordLength < 0)
                {
                    throw new JournalDamagedException("shard " + shard + ": damaged record after journal index " +
                        lastApplied() + " (" + codec.refusal() + ")", lastApplied());
                }
                final boolean live = record.isCommand() && record.journalIndex > replay.lastApplied();
                if (live)
                {
                    observer.beforeApply(record.journalIndex, record.command);
                }
                if (!replay.onRecord(record))
                {
                    throw replay.failure();
                }
                if (live)
                {
                    observer.afterApply(record.command);
                    applied++;
                }
                at += recordLength;
            }
        }
        return applied;
    }

    public int shard()
    {
        return shard;
    }

    /** The last journal index in the follower's state. */
    public long lastApplied()
    {
        return replay.lastApplied();
    }

    /** The follower's engine: read it on the following thread only. */
    public ReservationEngine engine()
    {
        return engine;
    }

    @Override
    public void close()
    {
        tailer.close();
        queue.close();
    }
}
