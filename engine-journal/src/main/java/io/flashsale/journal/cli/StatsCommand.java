package io.flashsale.journal.cli;

import io.flashsale.engine.command.CommandType;
import io.flashsale.journal.DataDirectory;
import io.flashsale.journal.JournalQueue;
import io.flashsale.journal.JournalScanner;
import io.flashsale.journal.SnapshotFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "stats", description = "Entries, first/last index, files, size, commands by type, snapshots.")
final class StatsCommand implements Callable<Integer>
{
    @Mixin
    DataDirOption data;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException
    {
        final DataDirectory.Layout layout = data.layout();
        final PrintWriter out = spec.commandLine().getOut();
        int exit = 0;
        for (final int shard : data.shards(layout))
        {
            final Map<CommandType, Long> byType = new EnumMap<>(CommandType.class);
            final Progress progress = new Progress(System.err, "shard " + shard);
            final JournalScanner.Result scan;
            long fileBytes = 0;
            int files = 0;
            try (JournalQueue queue = JournalQueue.open(data.directory().journal(shard), data.settings().rollCycle(), false))
            {
                scan = new JournalScanner().scan(queue, record ->
                {
                    progress.tick();
                    if (record.isCommand())
                    {
                        byType.merge(record.command.type, 1L, Long::sum);
                    }
                    return true;
                });
                for (final Path file : queue.files())
                {
                    files++;
                    fileBytes += Files.size(file);
                }
            }
            progress.done();
            out.printf("shard %d: %,d entries, index %d..%d, %,d checkpoints, %,d documents (%,d bytes of records), " +
                "%d file(s) %,d bytes on disk%n", shard, scan.commands(), scan.firstIndex(), scan.lastIndex(),
                scan.checkpoints(), scan.documents(), scan.bytes(), files, fileBytes);
            out.printf("  by type: %s%n", byType);
            final SnapshotFiles snapshots = data.directory().snapshots(shard);
            for (final Path file : snapshots.newestFirst())
            {
                out.printf("  snapshot at index %d: %s (%,d bytes)%n", SnapshotFiles.indexOf(file), file.getFileName(),
                    Files.size(file));
            }
            if (scan.damage() != null)
            {
                out.printf("  DAMAGED after index %d: %s%n", scan.damage().lastGoodIndex(), scan.damage().reason());
                exit = 1;
            }
        }
        return exit;
    }
}
