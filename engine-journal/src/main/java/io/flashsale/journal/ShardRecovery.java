package io.flashsale.journal;

import io.flashsale.engine.state.CorruptSnapshotException;
import io.flashsale.engine.state.EngineConfig;
import io.flashsale.engine.state.EngineListener;
import io.flashsale.engine.state.ReservationEngine;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Rebuilds a shard's engine from its data directory: the newest snapshot that loads (a damaged one
 * falls back to an older one, none to a full replay), then every journaled command after it, with
 * the state-hash checkpoints verified. A torn tail is logged with its index and cut; damage in the
 * middle stops recovery with {@link JournalDamagedException}. Only then may the shard take commands.
 */
public final class ShardRecovery
{
    /**
     * @param lastIndex     the last journal index now in the engine (the next command gets lastIndex + 1).
     * @param snapshotIndex the snapshot it started from (0: none).
     * @param cutTail       the torn tail that was cut, or null.
     */
    public record Result(ReservationEngine engine, long lastIndex, long snapshotIndex, long replayed,
        long checkpointsVerified, JournalScanner.Damage cutTail)
    {
    }

    private final DataDirectory directory;
    private final DataDirectory.Layout layout;
    private final JournalSettings settings;
    private final Consumer<String> log;

    public ShardRecovery(final DataDirectory directory, final DataDirectory.Layout layout,
        final JournalSettings settings, final Consumer<String> log)
    {
        this.directory = directory;
        this.layout = layout;
        this.settings = settings;
        this.log = log;
    }

    /**
     * @param stopAt       the last index to apply (for {@code replay --to N}); Long.MAX_VALUE for all.
     * @param repair       false for read-only tools: a torn tail is reported, not cut.
     * @param useSnapshots false to replay the whole journal (verification of every checkpoint).
     */
    public record Options(long stopAt, boolean repair, boolean useSnapshots)
    {
        /** What a starting server does: newest snapshot, whole journal, torn tail cut. */
        public static final Options START = new Options(Long.MAX_VALUE, true, true);

        public static Options readOnly(final long stopAt, final boolean useSnapshots)
        {
            return new Options(stopAt, false, useSnapshots);
        }
    }

    public Result recover(final int shard, final EngineListener listener)
    {
        return recover(shard, listener, Options.START);
    }

    public Result recover(final int shard, final EngineListener listener, final Options options)
    {
        final long stopAt = options.stopAt();
        final boolean repair = options.repair();
        final EngineConfig config = layout.engineConfig(shard);
        final SnapshotFiles snapshots = directory.snapshots(shard);
        ReservationEngine engine = null;
        long snapshotIndex = 0;
        for (final Path file : options.useSnapshots() ? snapshots.newestFirst() : java.util.List.<Path>of())
        {
            if (SnapshotFiles.indexOf(file) > stopAt)
            {
                continue;
            }
            try
            {
                final SnapshotFiles.Loaded loaded = snapshots.read(file);
                final ReservationEngine candidate = ReservationEngine.restore(config, listener,
                    new UnsafeBuffer(loaded.body()), 0, loaded.body().length);
                if (candidate.stateHash() != loaded.stateHash())
                {
                    throw new CorruptSnapshotException("state hash differs from the file header's");
                }
                engine = candidate;
                snapshotIndex = loaded.journalIndex();
                log.accept("shard " + shard + ": snapshot at journal index " + snapshotIndex + " loaded from " + file);
                break;
            }
            catch (final JournalException | CorruptSnapshotException ex)
            {
                log.accept("shard " + shard + ": snapshot " + file + " refused (" + ex.getMessage() + "); trying an older one");
            }
        }
        if (engine == null)
        {
            engine = new ReservationEngine(config, listener);
        }

        final ReplayVisitor replay = new ReplayVisitor(engine, snapshotIndex, stopAt, layout.checkpointEvery());
        final JournalScanner.Result scan;
        try (JournalQueue queue = JournalQueue.open(directory.journal(shard), settings.rollCycle(), false))
        {
            scan = new JournalScanner().scan(queue, replay);
        }
        if (replay.failure() != null)
        {
            throw replay.failure();
        }
        if (scan.lastIndex() < snapshotIndex && scan.lastIndex() < stopAt)
        {
            throw new JournalException("shard " + shard + ": the journal ends at index " + scan.lastIndex() +
                " but the snapshot is at " + snapshotIndex + "; move newer snapshots away (journal.sh truncate does)");
        }
        final JournalScanner.Damage damage = scan.damage();
        if (damage != null && replay.lastApplied() >= damage.lastGoodIndex())
        {
            if (!damage.isTornTail())
            {
                throw new JournalDamagedException("shard " + shard + ": damaged record after journal index " +
                    damage.lastGoodIndex() + " (" + damage.reason() + ") with intact records after it; " +
                    "recovery stops here, see journal.sh verify", damage.lastGoodIndex());
            }
            if (repair)
            {
                final Path backup = JournalRepair.cutAfter(directory.journal(shard), damage.lastGoodIndex(),
                    directory.backups(), settings.rollCycle());
                log.accept("shard " + shard + ": torn journal tail after index " + damage.lastGoodIndex() + " (" +
                    damage.reason() + ") cut; the damaged journal is kept in " + backup);
            }
            else
            {
                log.accept("shard " + shard + ": torn journal tail after index " + damage.lastGoodIndex() + " (" +
                    damage.reason() + "), not cut (read-only)");
            }
        }
        final long lastIndex = Math.max(snapshotIndex, replay.lastApplied());
        return new Result(engine, lastIndex, snapshotIndex, replay.replayed(), replay.checkpointsVerified(),
            damage != null && damage.isTornTail() ? damage : null);
    }
}
