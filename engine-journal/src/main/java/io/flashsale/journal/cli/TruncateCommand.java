package io.flashsale.journal.cli;

import io.flashsale.journal.DataDirectory;
import io.flashsale.journal.JournalRepair;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;

@Command(name = "truncate", description = "Cuts the journal after index N (keeps a backup), for recovery drills.")
final class TruncateCommand extends JournalCommand
{
    @Option(names = "--after", required = true, paramLabel = "N", description = "the last index to keep")
    long after;

    @Override
    int run(final DataDirectory.Layout layout, final PrintWriter out) throws Exception
    {
        final int shard = data.singleShard(layout);
        try (AutoCloseable lock = WriteLock.take(data))
        {
            final Path backup = JournalRepair.cutAfter(data.directory().journal(shard), after,
                data.directory().backups(), data.settings().rollCycle());
            final var moved = data.directory().snapshots(shard).moveAfter(after, backup.resolveSibling(backup.getFileName() + "-snapshots"));
            out.printf("shard %d: journal cut after index %d; the previous journal is in %s; %d newer snapshot(s) moved beside it%n",
                shard, after, backup, moved.size());
        }
        return 0;
    }
}
