package io.flashsale.journal.cli;

import io.flashsale.engine.command.CommandType;
import io.flashsale.journal.DataDirectory;
import io.flashsale.journal.JournalScanner;
import io.flashsale.journal.SnapshotFiles;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

@Command(name = "stats", description = "Entries, first/last index, files, size, commands by type, snapshots.")
final class StatsCommand extends JournalCommand
{
    @Override
    int run(final DataDirectory.Layout layout, final PrintWriter out) throws Exception
    {
        int exit = 0;
        for (final int shard : data.shards(layout))
        {
            final Map<CommandType, Long> byType = new EnumMap<>(CommandType.class);
            final JournalScanner.Result scan = scan(shard, record ->
            {
                if (record.isCommand())
                {
                    byType.merge(record.command.type, 1L, Long::sum);
                }
                return true;
            });
            long fileBytes = 0;
            int files = 0;
            try (var listing = Files.list(data.directory().journal(shard)))
            {
                for (final Path file : listing.filter(path -> path.toString().endsWith(".cq4")).toList())
                {
                    files++;
                    fileBytes += Files.size(file);
                }
            }
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
