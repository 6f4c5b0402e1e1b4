package io.flashsale.backstop.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The last journal index per shard whose events Kafka has acknowledged, in
 * {@code <data dir>/export/shard-N.position}. Written atomically (temporary file, force, rename)
 * only after the acknowledgement, so a restart resumes at or before the true position: never a gap,
 * at most the in-flight batch again.
 */
public final class ExportPositions
{
    private final Path directory;

    public ExportPositions(final Path dataDir)
    {
        this.directory = dataDir.toAbsolutePath().resolve("export");
    }

    /** 0 when nothing has been exported yet. */
    public long read(final int shard)
    {
        final Path file = file(shard);
        try
        {
            return Files.exists(file) ? Long.parseLong(Files.readString(file).trim()) : 0;
        }
        catch (final IOException | NumberFormatException ex)
        {
            throw new IllegalStateException("export position " + file + " is unreadable: " + ex.getMessage() +
                " (delete it to export the journal again from the start; consumers drop duplicates)", ex);
        }
    }

    public void write(final int shard, final long journalIndex)
    {
        try
        {
            Files.createDirectories(directory);
            final Path temporary = directory.resolve("shard-" + shard + ".position.tmp");
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING))
            {
                channel.write(ByteBuffer.wrap((journalIndex + "\n").getBytes(StandardCharsets.US_ASCII)));
                channel.force(true);
            }
            Files.move(temporary, file(shard), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write the export position of shard " + shard, ex);
        }
    }

    private Path file(final int shard)
    {
        return directory.resolve("shard-" + shard + ".position");
    }
}
