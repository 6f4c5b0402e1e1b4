package io.flashsale.journal.cli;

import io.flashsale.engine.state.EngineListener;
import io.flashsale.journal.DataDirectory;
import io.flashsale.journal.JournalException;
import io.flashsale.journal.JournalScanner;
import io.flashsale.journal.ShardRecovery;
import io.flashsale.journal.SnapshotFiles;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.nio.file.Path;

@Command(name = "verify", description = "Checks every entry's checksum and index sequence, replays the whole journal "
    + "to check every state-hash checkpoint, and checks every snapshot file. Exit 1 with the first bad index.")
final class VerifyCommand extends JournalCommand
{
    @Override
    int run(final DataDirectory.Layout layout, final PrintWriter out) throws Exception
    {
        int exit = 0;
        for (final int shard : data.shards(layout))
        {
            final JournalScanner.Result scan = scan(shard, JournalScanner.RecordVisitor.NONE);
            if (scan.damage() != null)
            {
                out.printf("shard %d: BAD at index %d (after intact index %d): %s%s%n", shard,
                    scan.damage().lastGoodIndex() + 1, scan.damage().lastGoodIndex(), scan.damage().reason(),
                    scan.damage().isTornTail() ? " — a torn tail, cut at the next start" : " — damage in the middle");
                exit = 1;
                continue;
            }
            try
            {
                final ShardRecovery.Result replay = new ShardRecovery(data.directory(), layout, data.settings(), line -> { })
                    .recover(shard, EngineListener.NONE, ShardRecovery.Options.readOnly(Long.MAX_VALUE, false));
                out.printf("shard %d: OK, %,d entries (index %d..%d), %,d checkpoints verified, state hash %016x%n",
                    shard, scan.commands(), scan.firstIndex(), scan.lastIndex(), replay.checkpointsVerified(),
                    replay.engine().stateHash());
            }
            catch (final JournalException ex)
            {
                out.printf("shard %d: BAD: %s%n", shard, ex.getMessage());
                exit = 1;
                continue;
            }
            exit = Math.max(exit, verifySnapshots(out, shard));
        }
        return exit;
    }

    private int verifySnapshots(final PrintWriter out, final int shard)
    {
        int exit = 0;
        final SnapshotFiles snapshots = data.directory().snapshots(shard);
        for (final Path file : snapshots.newestFirst())
        {
            try
            {
                final SnapshotFiles.Loaded loaded = snapshots.read(file);
                final ShardRecovery.Result atIndex = new ShardRecovery(data.directory(), data.layout(), data.settings(),
                    line -> { }).recover(shard, EngineListener.NONE,
                    ShardRecovery.Options.readOnly(loaded.journalIndex(), false));
                final boolean same = atIndex.engine().stateHash() == loaded.stateHash();
                out.printf("  snapshot %s: %s%n", file.getFileName(), same ? "OK, matches the replay" :
                    "BAD: its state hash differs from the replay's at index " + loaded.journalIndex());
                exit = same ? exit : 1;
            }
            catch (final JournalException ex)
            {
                out.printf("  snapshot %s: BAD: %s%n", file.getFileName(), ex.getMessage());
                exit = 1;
            }
        }
        return exit;
    }
}
