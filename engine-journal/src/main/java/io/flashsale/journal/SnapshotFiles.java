package io.flashsale.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * A shard's snapshots on disk, {@code snapshots/shard-S/snapshot-<journal index>.snap}, written
 * atomically (temporary file, fsync, rename, fsync of the folder) so a crash leaves either the whole
 * new file or none. The newest {@code kept} survive.
 *
 * <pre>
 *  int magic "FSSN" | int format version | int shard | long journalIndex | long stateHash
 *  int body length | int CRC32C(body) | body (ReservationEngine.writeSnapshot)
 * </pre>
 */
public final class SnapshotFiles
{
    private static final int MAGIC = 0x4653534E;
    private static final int VERSION = 1;
    private static final int HEADER = 36;
    private static final String PREFIX = "snapshot-";
    private static final String SUFFIX = ".snap";

    /** A snapshot read back and checked: the engine body still has to load. */
    public record Loaded(Path file, long journalIndex, long stateHash, byte[] body)
    {
    }

    private final Path directory;
    private final int shard;

    public SnapshotFiles(final Path directory, final int shard)
    {
        this.directory = directory;
        this.shard = shard;
    }

    public Path directory()
    {
        return directory;
    }

    /** Serialises the engine (its state at {@code journalIndex}) and writes it: shutdown and operators' path. */
    public Path writeEngine(final io.flashsale.engine.state.ReservationEngine engine, final long journalIndex, final int kept)
    {
        final byte[] body = serialise(engine, new org.agrona.ExpandableArrayBuffer(1 << 16));
        return write(journalIndex, stateHashOf(body), body, body.length, kept);
    }

    /** The engine's snapshot bytes; {@code scratch} is reused between calls by the owning thread. */
    static byte[] serialise(final io.flashsale.engine.state.ReservationEngine engine, final org.agrona.ExpandableArrayBuffer scratch)
    {
        final io.flashsale.engine.state.SnapshotOut out = new io.flashsale.engine.state.SnapshotOut(scratch, 0);
        engine.writeSnapshot(out);
        return java.util.Arrays.copyOf(scratch.byteArray(), out.position());
    }

    /** The engine's snapshot ends with its state hash: no second walk of the state. */
    static long stateHashOf(final byte[] body)
    {
        return new org.agrona.concurrent.UnsafeBuffer(body).getLong(body.length - Long.BYTES);
    }

    public Path write(final long journalIndex, final long stateHash, final byte[] body, final int length, final int kept)
    {
        try
        {
            Files.createDirectories(directory);
            final Path target = directory.resolve(String.format("%s%020d%s", PREFIX, journalIndex, SUFFIX));
            final Path temporary = directory.resolve(target.getFileName() + ".tmp");
            final CRC32C crc = new CRC32C();
            crc.update(body, 0, length);
            final ByteBuffer header = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(MAGIC).putInt(VERSION).putInt(shard).putLong(journalIndex).putLong(stateHash)
                .putInt(length).putInt((int)crc.getValue()).flip();
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE))
            {
                writeFully(channel, header);
                writeFully(channel, ByteBuffer.wrap(body, 0, length));
                channel.force(true);
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            forceDirectory();
            prune(kept);
            return target;
        }
        catch (final IOException ex)
        {
            throw new JournalException("writing a snapshot at index " + journalIndex + " into " + directory + " failed", ex);
        }
    }

    /** Snapshot files, newest (highest journal index) first. */
    public List<Path> newestFirst()
    {
        if (!Files.isDirectory(directory))
        {
            return List.of();
        }
        try (var files = Files.list(directory))
        {
            return files.filter(file -> file.getFileName().toString().startsWith(PREFIX) &&
                    file.getFileName().toString().endsWith(SUFFIX))
                .sorted(Comparator.comparing((Path file) -> file.getFileName().toString()).reversed())
                .toList();
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot list snapshots in " + directory, ex);
        }
    }

    /**
     * @throws JournalException when the file is torn, damaged or of another shard.
     */
    public Loaded read(final Path file)
    {
        try
        {
            final byte[] bytes = Files.readAllBytes(file);
            if (bytes.length < HEADER)
            {
                throw new JournalException(file + ": shorter than a snapshot header");
            }
            final ByteBuffer header = ByteBuffer.wrap(bytes, 0, HEADER).order(ByteOrder.LITTLE_ENDIAN);
            final int magic = header.getInt();
            final int version = header.getInt();
            final int fileShard = header.getInt();
            final long journalIndex = header.getLong();
            final long stateHash = header.getLong();
            final int length = header.getInt();
            final int checksum = header.getInt();
            if (magic != MAGIC || version != VERSION || fileShard != shard)
            {
                throw new JournalException(file + ": not a version " + VERSION + " snapshot of shard " + shard);
            }
            if (length != bytes.length - HEADER)
            {
                throw new JournalException(file + ": body is " + (bytes.length - HEADER) + " bytes, header says " + length);
            }
            final CRC32C crc = new CRC32C();
            crc.update(bytes, HEADER, length);
            if ((int)crc.getValue() != checksum)
            {
                throw new JournalException(file + ": checksum mismatch");
            }
            final byte[] body = new byte[length];
            System.arraycopy(bytes, HEADER, body, 0, length);
            return new Loaded(file, journalIndex, stateHash, body);
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot read snapshot " + file, ex);
        }
    }

    /** Moves snapshots taken after {@code index} out of the way (a journal cut makes them wrong). */
    public List<Path> moveAfter(final long index, final Path backupDir)
    {
        final List<Path> moved = new ArrayList<>();
        for (final Path file : newestFirst())
        {
            if (indexOf(file) > index)
            {
                try
                {
                    Files.createDirectories(backupDir);
                    Files.move(file, backupDir.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                    moved.add(file);
                }
                catch (final IOException ex)
                {
                    throw new JournalException("cannot move snapshot " + file, ex);
                }
            }
        }
        return moved;
    }

    public static long indexOf(final Path file)
    {
        final String name = file.getFileName().toString();
        return Long.parseLong(name.substring(PREFIX.length(), name.length() - SUFFIX.length()));
    }

    private void prune(final int kept) throws IOException
    {
        final List<Path> files = newestFirst();
        for (int i = kept; i < files.size(); i++)
        {
            Files.deleteIfExists(files.get(i));
        }
    }

    private void forceDirectory()
    {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ))
        {
            channel.force(true);
        }
        catch (final IOException ignored)
        {
            // not every file system lets a directory be opened; the rename is still atomic
        }
    }

    private static void writeFully(final FileChannel channel, final ByteBuffer buffer) throws IOException
    {
        while (buffer.hasRemaining())
        {
            channel.write(buffer);
        }
    }
}
