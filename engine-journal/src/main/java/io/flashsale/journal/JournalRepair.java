package io.flashsale.journal;

import io.flashsale.journal.record.JournalRecord;
import net.openhft.chronicle.queue.RollCycle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Cuts a journal after a given index: the intact records up to it are copied into a fresh queue,
 * which then takes the old one's place; the old one is kept under the backup folder. Chronicle
 * cannot drop documents in place, and appending behind a damaged or shortened file would leave a
 * hole a reader stops at, so a cut is always a rebuild. It costs a copy of the journal, which is
 * why it only runs for a damaged tail (rare: Chronicle already hides half-written documents after a
 * kill -9) and for operators' drills.
 */
public final class JournalRepair
{
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);

    private JournalRepair()
    {
    }

    /**
     * @return where the old journal was moved.
     */
    public static Path cutAfter(final Path journalDir, final long keepThroughIndex, final Path backupRoot,
        final RollCycle rollCycle)
    {
        final Path rebuilt = journalDir.resolveSibling(journalDir.getFileName() + ".rebuild");
        final Path backup = backupRoot.resolve(journalDir.getFileName() + "-" + STAMP.format(Instant.now()));
        try
        {
            deleteTree(rebuilt);
            copyPrefix(journalDir, rebuilt, keepThroughIndex, rollCycle);
            Files.createDirectories(backupRoot);
            Files.move(journalDir, backup, StandardCopyOption.ATOMIC_MOVE);
            Files.move(rebuilt, journalDir, StandardCopyOption.ATOMIC_MOVE);
            return backup;
        }
        catch (final IOException ex)
        {
            throw new JournalException("cutting " + journalDir + " after index " + keepThroughIndex + " failed", ex);
        }
    }

    private static void copyPrefix(final Path from, final Path to, final long keepThroughIndex, final RollCycle rollCycle)
    {
        try (JournalQueue source = JournalQueue.open(from, rollCycle, false);
            JournalQueue target = JournalQueue.open(to, rollCycle, true))
        {
            final DocumentCopier copier = new DocumentCopier(target, keepThroughIndex);
            new JournalScanner().scan(source, copier);
            copier.flush();
        }
    }

    /** Re-groups the kept records into documents as they were: one per source document. */
    private static final class DocumentCopier implements JournalScanner.RecordVisitor
    {
        private final JournalQueue target;
        private final long keepThroughIndex;
        private final io.flashsale.journal.record.CommandRecordCodec codec = new io.flashsale.journal.record.CommandRecordCodec();
        private byte[] pending = new byte[1 << 16];
        private int pendingLength;
        private long pendingDocument = Long.MIN_VALUE;

        DocumentCopier(final JournalQueue target, final long keepThroughIndex)
        {
            this.target = target;
            this.keepThroughIndex = keepThroughIndex;
        }

        @Override
        public boolean onRecord(final JournalRecord record)
        {
            if (record.journalIndex > keepThroughIndex)
            {
                return false;
            }
            if (record.documentIndex != pendingDocument)
            {
                flush();
                pendingDocument = record.documentIndex;
            }
            if (pendingLength + record.length > pending.length)
            {
                pending = java.util.Arrays.copyOf(pending, Math.max(pending.length * 2, pendingLength + record.length));
            }
            pendingLength += record.isCommand() ?
                codec.encodeCommand(record.command, record.journalIndex, record.epoch, pending, pendingLength) :
                codec.encodeCheckpoint(record.journalIndex, record.epoch, record.stateHash, pending, pendingLength);
            return true;
        }

        void flush()
        {
            if (pendingLength > 0)
            {
                target.append(pending, 0, pendingLength);
                pendingLength = 0;
            }
        }
    }

    static void deleteTree(final Path root) throws IOException
    {
        if (!Files.exists(root))
        {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>()
        {
            @Override
            public FileVisitResult visitFile(final Path file, final BasicFileAttributes attrs) throws IOException
            {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(final Path dir, final IOException exc) throws IOException
            {
                if (exc != null)
                {
                    throw new UncheckedIOException(exc);
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
