package io.flashsale.journal;

import net.openhft.chronicle.bytes.SyncMode;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one class that opens Chronicle Queue: a shard's journal directory as a queue of documents,
 * each document the records of one ring batch. Appending is for one thread at a time.
 */
public final class JournalQueue implements AutoCloseable
{
    static
    {
        // Chronicle reports usage to an analytics host unless told not to; never from this project.
        System.setProperty("chronicle.analytics.disable", "true");
    }

    private final Path directory;
    private final ChronicleQueue queue;
    private final boolean fsync;
    private ExcerptAppender appender;
    private JournalPretoucher pretoucher;
    private int appenderCycle = Integer.MIN_VALUE;
    private java.io.File appenderFile;

    private JournalQueue(final Path directory, final ChronicleQueue queue, final boolean fsync)
    {
        this.directory = directory;
        this.queue = queue;
        this.fsync = fsync;
    }

    public static JournalQueue open(final Path directory, final RollCycle rollCycle, final boolean fsync)
    {
        try
        {
            Files.createDirectories(directory);
        }
        catch (final java.io.IOException ex)
        {
            throw new JournalException("cannot create journal directory " + directory, ex);
        }
        final ChronicleQueue queue = SingleChronicleQueueBuilder.single(directory.toFile())
            .rollCycle(rollCycle)
            .syncMode(fsync ? SyncMode.SYNC : SyncMode.NONE)
            .build();
        return new JournalQueue(directory, queue, fsync);
    }

    public Path directory()
    {
        return directory;
    }

    /** Appends {@code length} bytes as one document; with fsync on, forces it to disk before returning. */
    public void append(final byte[] source, final int offset, final int length)
    {
        if (appender == null)
        {
            pretoucher = new JournalPretoucher("journal-pretouch-" + directory.getFileName());
            appender = queue.createAppender();
        }
        final long writtenUpTo;
        try (DocumentContext document = appender.writingDocument())
        {
            document.wire().bytes().write(source, offset, length);
            writtenUpTo = document.wire().bytes().writePosition();
        }
        if (appender.cycle() != appenderCycle)
        {
            appenderCycle = appender.cycle();
            appenderFile = appender.currentFile();
        }
        pretoucher.appended(appenderFile, writtenUpTo);
        if (fsync)
        {
            appender.sync();
        }
    }

    /** Pages of the journal file made ready ahead of the appender (0 before the first append). */
    public long pagesPretouched()
    {
        return pretoucher == null ? 0 : pretoucher.pagesTouched();
    }

    /** The newest roll cycle with a file, or Integer.MIN_VALUE when the queue is empty. */
    public int lastCycle()
    {
        return ((net.openhft.chronicle.queue.impl.single.SingleChronicleQueue)queue).lastCycle();
    }

    /** A new reader from the first document. */
    public ExcerptTailer tailer()
    {
        return queue.createTailer().toStart();
    }

    /**
     * The digest ({@link #digestOf}) of the newest document, or {@link #NO_DOCUMENT} when the
     * journal is empty: how a replica tells the primary exactly where its copy ends.
     */
    public long lastDocumentDigest()
    {
        try (ExcerptTailer tailer = queue.createTailer().direction(net.openhft.chronicle.queue.TailerDirection.BACKWARD).toEnd();
             DocumentContext document = tailer.readingDocument())
        {
            if (!document.isPresent())
            {
                return NO_DOCUMENT;
            }
            final DocumentReader reader = new DocumentReader();
            final int length = reader.copy(document.wire().bytes());
            return digestOf(reader.bytes(), length);
        }
    }

    public static final long NO_DOCUMENT = -1;

    /**
     * A 64-bit hash of a document's bytes (never {@link #NO_DOCUMENT}). Not a CRC32C: every record
     * ends with its own CRC32C, and a CRC over data followed by its CRC is the same constant for all.
     */
    public static long digestOf(final byte[] document, final int length)
    {
        final long digest = io.flashsale.engine.command.KeyHash.hash(document, 0, length);
        return digest == NO_DOCUMENT ? 0 : digest;
    }

    /** The journal files on disk, oldest first. */
    public java.util.List<Path> files()
    {
        try (var stream = Files.list(directory))
        {
            return stream.filter(path -> path.getFileName().toString().endsWith(".cq4")).sorted().toList();
        }
        catch (final java.io.IOException ex)
        {
            throw new JournalException("cannot list " + directory, ex);
        }
    }

    @Override
    public void close()
    {
        if (pretoucher != null)
        {
            pretoucher.close();
        }
        if (appender != null)
        {
            appender.close();
        }
        queue.close();
    }
}
