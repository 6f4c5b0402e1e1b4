package io.flashsale.journal;

import io.flashsale.engine.shard.CommandCompletionListener;
import io.flashsale.engine.shard.EngineShard;
import io.flashsale.engine.shard.ShardRouter;
import io.flashsale.engine.shard.ShardSettings;
import io.flashsale.engine.shard.ShardView;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * All shards of one data directory, recovered and running with their journals:
 * <pre>
 *  lock DATA_DIR → per shard: recover (snapshot + replay) → ring [journal → logic (+checkpoints)
 *  → completion], and a snapshot taker following the journal (or snapshots on the logic thread)
 * </pre>
 * {@link #start} returns only once every shard has recovered, so nothing is accepted before. Closing
 * drains every ring, snapshots each shard at its last index, closes the journals and the lock.
 */
public final class JournaledEngine implements AutoCloseable
{
    private final DataDirectory directory;
    private final AutoCloseable lock;
    private final ShardRouter router;
    private final List<EngineShard> shards;
    private final List<JournalStage> stages;
    private final List<StateCheckpointer> checkpointers;
    private final List<ShardRecovery.Result> recoveries;
    private final List<SnapshotTaker> takers;
    private boolean closed;

    private JournaledEngine(final DataDirectory directory, final AutoCloseable lock, final int shardCount,
        final List<EngineShard> shards, final List<JournalStage> stages, final List<StateCheckpointer> checkpointers,
        final List<ShardRecovery.Result> recoveries, final List<SnapshotTaker> takers)
    {
        this.takers = takers;
        this.directory = directory;
        this.lock = lock;
        this.router = new ShardRouter(shardCount);
        this.shards = shards;
        this.stages = stages;
        this.checkpointers = checkpointers;
        this.recoveries = recoveries;
    }

    public static JournaledEngine start(final Path dataDir, final DataDirectory.Layout wanted,
        final JournalSettings settings, final ShardSettings shardSettings,
        final IntFunction<CommandCompletionListener> completions, final Consumer<String> log)
    {
        final DataDirectory directory = new DataDirectory(dataDir);
        final AutoCloseable lock = directory.lock();
        final List<EngineShard> shards = new ArrayList<>();
        final List<JournalStage> stages = new ArrayList<>();
        final List<StateCheckpointer> checkpointers = new ArrayList<>();
        final List<ShardRecovery.Result> recoveries = new ArrayList<>();
        final List<SnapshotTaker> takers = new ArrayList<>();
        try
        {
            final DataDirectory.Layout layout = directory.openOrCreate(wanted);
            final ShardRecovery recovery = new ShardRecovery(directory, layout, settings, log);
            for (int shard = 0; shard < layout.shards(); shard++)
            {
                final ShardView view = new ShardView(shard);
                final ShardRecovery.Result recovered = recovery.recover(shard, view);
                recoveries.add(recovered);
                log.accept(String.format("shard %d recovered: journal index %d (snapshot %d + %d replayed, %d checkpoints verified)",
                    shard, recovered.lastIndex(), recovered.snapshotIndex(), recovered.replayed(),
                    recovered.checkpointsVerified()));
                final JournalQueue queue = JournalQueue.open(directory.journal(shard), settings.rollCycle(),
                    settings.fsyncEachBatch());
                final JournalStage stage = new JournalStage(queue, recovered.lastIndex(), settings.epoch());
                final StateCheckpointer checkpointer = new StateCheckpointer(shard, stage, directory.snapshots(shard),
                    settings, layout.checkpointEvery(), recovered.snapshotIndex(), recovered.engine().now(), log);
                stages.add(stage);
                checkpointers.add(checkpointer);
                shards.add(new EngineShard(shardSettings, recovered.engine(), view, stage, checkpointer,
                    completions.apply(shard)).start());
                if (settings.snapshotsByFollower())
                {
                    takers.add(new SnapshotTaker(directory, shard, settings, recovered.snapshotIndex(), log));
                }
            }
        }
        catch (final RuntimeException ex)
        {
            takers.forEach(SnapshotTaker::close);
            shards.forEach(EngineShard::close);
            stages.forEach(JournalStage::close);
            checkpointers.forEach(StateCheckpointer::close);
            closeQuietly(lock);
            throw ex;
        }
        return new JournaledEngine(directory, lock, shards.size(), shards, stages, checkpointers, recoveries, takers);
    }

    public DataDirectory directory()
    {
        return directory;
    }

    public ShardRouter router()
    {
        return router;
    }

    public List<EngineShard> shards()
    {
        return Collections.unmodifiableList(shards);
    }

    public EngineShard shardFor(final String sku)
    {
        return shards.get(router.shardOf(sku));
    }

    public List<ShardRecovery.Result> recoveries()
    {
        return Collections.unmodifiableList(recoveries);
    }

    /** What the shard's journal stage tells its in-process tailers (the log shipper). */
    public AppendSignal appendSignal(final int shard)
    {
        return stages.get(shard).appendSignal();
    }

    /** The last journal index written, summed over shards (the health endpoint's journalIndex). */
    public long journalIndex()
    {
        long sum = 0;
        for (final JournalStage stage : stages)
        {
            sum += stage.lastIndexWritten();
        }
        return sum;
    }

    /** Times the snapshot takers failed and started over, summed over shards (0 without takers). */
    public long snapshotTakerFailures()
    {
        return takers.stream().mapToLong(SnapshotTaker::failures).sum();
    }

    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        takers.forEach(SnapshotTaker::close); // before the shutdown snapshots: one writer of snapshot files at a time
        for (int shard = 0; shard < shards.size(); shard++)
        {
            shards.get(shard).close();
            checkpointers.get(shard).close();
            if (shards.get(shard).failure() == null)
            {
                // a shard that failed mid-batch may hold a half-applied batch: recovery replays instead
                checkpointers.get(shard).snapshotNow(shards.get(shard).engineAfterStop(), stages.get(shard).lastIndexWritten());
            }
            stages.get(shard).close();
        }
        closeQuietly(lock);
    }

    private static void closeQuietly(final AutoCloseable closeable)
    {
        try
        {
            closeable.close();
        }
        catch (final Exception ignored)
        {
            // closing a lock or a channel at shutdown: nothing more to do
        }
    }
}
