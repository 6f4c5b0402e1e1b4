package io.flashsale.journal.cli;

import io.flashsale.engine.state.EngineListener;
import io.flashsale.journal.DataDirectory;
import io.flashsale.journal.JournalSettings;
import io.flashsale.journal.ShardRecovery;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

@Command(name = "snapshot", description = "Writes a snapshot at the current end of each journal (server stopped).")
final class SnapshotCommand extends JournalCommand
{
    @Override
    int run(final DataDirectory.Layout layout, final PrintWriter out) throws Exception
    {
        final JournalSettings settings = data.settings();
        try (AutoCloseable lock = WriteLock.take(data))
        {
            for (final int shard : data.shards(layout))
            {
                final ShardRecovery.Result result = new ShardRecovery(data.directory(), layout, settings,
                    line -> out.println("  " + line)).recover(shard, EngineListener.NONE);
                if (result.lastIndex() > 0)
                {
                    data.directory().snapshots(shard).writeEngine(result.engine(), result.lastIndex(), settings.snapshotsKept());
                }
                out.printf("shard %d: snapshot at index %d, state hash %016x%n", shard, result.lastIndex(),
                    result.engine().stateHash());
            }
        }
        return 0;
    }
}
