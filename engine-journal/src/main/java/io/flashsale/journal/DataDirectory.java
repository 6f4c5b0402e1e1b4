package io.flashsale.journal;

import io.flashsale.engine.state.EngineConfig;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Properties;

/**
 * A server's data directory:
 * <pre>
 *  DATA_DIR/engine.properties        shard count, engine sizing, checkpoint interval, sale id (fixed at first start)
 *  DATA_DIR/journal/shard-S/         Chronicle Queue of shard S
 *  DATA_DIR/snapshots/shard-S/       snapshots of shard S
 *  DATA_DIR/backup/                  what cuts and truncations moved away
 *  DATA_DIR/.lock                    held by the process that writes (server, or a writing CLI command)
 * </pre>
 * Everything a replay must agree on is written once, at first start, and read back after: a journal
 * replayed with other sizes or another shard count would not rebuild the same state.
 */
public final class DataDirectory
{
    private static final String PROPERTIES = "engine.properties";
    /** A sale id starts with its creation time, so later sales sort after earlier ones. */
    private static final DateTimeFormatter SALE_ID_TIME = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmssSSS'Z'")
        .withZone(ZoneOffset.UTC);

    /** What replays of this directory must agree on. */
    public record Layout(int shards, EngineConfig engineTemplate, long checkpointEvery)
    {
        public EngineConfig engineConfig(final int shard)
        {
            final EngineConfig t = engineTemplate;
            return new EngineConfig(shard, t.reservationCapacity(), t.idempotencyCapacity(), t.timerTickMillis(),
                t.timerSlotBits(), t.timerCapacity(), t.maxSkus(), t.wheelExpiry(), t.lazyExpiry(), t.expectedUsers());
        }
    }

    private final Path root;

    public DataDirectory(final Path root)
    {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root()
    {
        return root;
    }

    public Path journal(final int shard)
    {
        return root.resolve("journal").resolve("shard-" + shard);
    }

    public SnapshotFiles snapshots(final int shard)
    {
        return new SnapshotFiles(root.resolve("snapshots").resolve("shard-" + shard), shard);
    }

    public Path backups()
    {
        return root.resolve("backup");
    }

    public boolean exists()
    {
        return Files.isRegularFile(root.resolve(PROPERTIES));
    }

    /**
     * The sale this directory holds, named once at its creation (UTC time of creation, then random
     * digits): what a copy of the sale elsewhere (Redis) is marked with, so that a new sale replaces
     * an old one's copy while within one sale an older write never replaces a newer. Later sales sort
     * after earlier ones. A replica's directory, laid out as its primary's, has the primary's id.
     */
    public String saleId()
    {
        final String id = properties().getProperty("saleId");
        // directories from before sale ids: one fixed name, older than any named sale
        return id == null ? "0" : id;
    }

    /** The layout written at first start; refuses a directory that does not have one. */
    public Layout layout()
    {
        final Properties properties = properties();
        final Path file = root.resolve(PROPERTIES);
        try
        {
            final EngineConfig template = new EngineConfig(0,
                Integer.parseInt(properties.getProperty("reservationCapacity")),
                Integer.parseInt(properties.getProperty("idempotencyCapacity")),
                Long.parseLong(properties.getProperty("timerTickMillis")),
                Integer.parseInt(properties.getProperty("timerSlotBits")),
                Integer.parseInt(properties.getProperty("timerCapacity")),
                Integer.parseInt(properties.getProperty("maxSkus")),
                Boolean.parseBoolean(properties.getProperty("wheelExpiry", "true")),
                Boolean.parseBoolean(properties.getProperty("lazyExpiry", "true")),
                // a directory from before the setting: sized small, grown as before
                Integer.parseInt(properties.getProperty("expectedUsers", "64")));
            return new Layout(Integer.parseInt(properties.getProperty("shards")), template,
                Long.parseLong(properties.getProperty("checkpointEvery")));
        }
        catch (final RuntimeException ex)
        {
            throw new JournalException(file + " is incomplete or malformed: " + ex.getMessage(), ex);
        }
    }

    private Properties properties()
    {
        final Path file = root.resolve(PROPERTIES);
        if (!Files.isRegularFile(file))
        {
            throw new JournalException(root + " is not a data directory (no " + PROPERTIES + ")");
        }
        final Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file))
        {
            properties.load(reader);
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot read " + file, ex);
        }
        return properties;
    }

    private static String newSaleId()
    {
        return SALE_ID_TIME.format(Instant.now()) + "-" + String.format("%08x", new SecureRandom().nextInt());
    }

    /**
     * The layout of this directory: read back if it exists (and then {@code wanted.shards()} must
     * agree), written from {@code wanted} at first start.
     */
    public Layout openOrCreate(final Layout wanted)
    {
        if (exists())
        {
            final Layout existing = layout();
            if (existing.shards() != wanted.shards())
            {
                throw new JournalException(root + " was created with " + existing.shards() + " shard(s), not " +
                    wanted.shards() + ": the shard count is fixed for a data directory");
            }
            return existing;
        }
        final EngineConfig t = wanted.engineTemplate();
        final Properties properties = new Properties();
        properties.setProperty("shards", Integer.toString(wanted.shards()));
        properties.setProperty("reservationCapacity", Integer.toString(t.reservationCapacity()));
        properties.setProperty("idempotencyCapacity", Integer.toString(t.idempotencyCapacity()));
        properties.setProperty("timerTickMillis", Long.toString(t.timerTickMillis()));
        properties.setProperty("timerSlotBits", Integer.toString(t.timerSlotBits()));
        properties.setProperty("timerCapacity", Integer.toString(t.timerCapacity()));
        properties.setProperty("maxSkus", Integer.toString(t.maxSkus()));
        properties.setProperty("wheelExpiry", Boolean.toString(t.wheelExpiry()));
        properties.setProperty("lazyExpiry", Boolean.toString(t.lazyExpiry()));
        properties.setProperty("expectedUsers", Integer.toString(t.expectedUsers()));
        properties.setProperty("checkpointEvery", Long.toString(wanted.checkpointEvery()));
        properties.setProperty("saleId", newSaleId());
        try
        {
            Files.createDirectories(root);
            final Path temporary = root.resolve(PROPERTIES + ".tmp");
            try (Writer writer = Files.newBufferedWriter(temporary))
            {
                properties.store(writer, "flash-sale engine data directory layout: fixed at first start");
            }
            Files.move(temporary, root.resolve(PROPERTIES), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot write " + root.resolve(PROPERTIES), ex);
        }
        return wanted;
    }

    /**
     * Takes the directory's write lock for this process.
     *
     * @throws JournalException when another process holds it (a running server).
     */
    public AutoCloseable lock()
    {
        try
        {
            Files.createDirectories(root);
            final FileChannel channel = FileChannel.open(root.resolve(".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
            final FileLock lock;
            try
            {
                lock = channel.tryLock();
            }
            catch (final OverlappingFileLockException ex)
            {
                channel.close();
                throw new JournalException(root + " is already locked by this process");
            }
            if (lock == null)
            {
                channel.close();
                throw new JournalException(root + " is in use by another process (a running server?)");
            }
            return () ->
            {
                lock.release();
                channel.close();
            };
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot lock " + root, ex);
        }
    }
}
