package io.flashsale.journal;

import io.flashsale.journal.record.CommandRecordCodec;
import io.flashsale.journal.record.JournalRecord;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * Reads a shard's journal from the start, checking every record (magic, version, length, CRC32C,
 * the index sequence, epochs never falling) and handing the intact ones to a visitor in order. It
 * stops at the first damaged record and then only looks whether any intact record follows: if none
 * does the damage is a torn tail (to be cut), otherwise it is damage in the middle.
 *
 * <p>Chronicle itself hides documents whose writer died before finishing them; what this finds is
 * what Chronicle cannot see: bytes changed inside a finished document, or files cut short.
 */
public final class JournalScanner
{
    @FunctionalInterface
    public interface RecordVisitor
    {
        RecordVisitor NONE = record -> true;

        /** @return false to stop reading (the scan then ends without damage). */
        boolean onRecord(JournalRecord record);
    }

    /** Where the intact prefix ends and why. */
    public record Damage(long lastGoodIndex, long documentIndex, int offsetInDocument, String reason,
        boolean intactRecordsFollow)
    {
        public boolean isTornTail()
        {
            return !intactRecordsFollow;
        }
    }

    /**
     * @param lastIndex   the last command index of the intact prefix (0 when empty).
     * @param damage      null when the whole journal is intact.
     */
    public record Result(long firstIndex, long lastIndex, long commands, long checkpoints, long documents,
        long bytes, Damage damage)
    {
    }

    private final CommandRecordCodec codec = new CommandRecordCodec();
    private final JournalRecord record = new JournalRecord();
    private final DocumentReader reader = new DocumentReader();

    public Result scan(final JournalQueue queue, final RecordVisitor visitor)
    {
        final ExcerptTailer tailer;
        try
        {
            tailer = queue.tailer();
        }
        catch (final RuntimeException ex)
        {
            return new Result(0, 0, 0, 0, 0, 0, new Damage(0, -1, 0, "journal unreadable: " + ex, false));
        }
        long firstIndex = 0;
        long lastIndex = 0;
        long commands = 0;
        long checkpoints = 0;
        long documents = 0;
        long bytes = 0;
        int lastEpoch = Integer.MIN_VALUE;
        while (true)
        {
            final int length;
            final long documentIndex;
            try
            {
                try (DocumentContext context = tailer.readingDocument())
                {
                    if (!context.isPresent())
                    {
                        break;
                    }
                    documentIndex = context.index();
                    length = reader.copy(context.wire().bytes());
                }
            }
            catch (final RuntimeException ex)
            {
                // unreadable in the newest file: a torn tail; in an older one, newer files follow: damage in the middle
                return new Result(firstIndex, lastIndex, commands, checkpoints, documents, bytes,
                    new Damage(lastIndex, -1, 0, "unreadable document: " + ex, newerFilesFollow(queue, tailer)));
            }
            documents++;
            bytes += length;
            int at = 0;
            while (at < length)
            {
                final int recordLength = codec.decode(reader.bytes(), at, length, record);
                String problem = recordLength < 0 ? codec.refusal() : null;
                if (problem == null && record.isCommand() && record.journalIndex != lastIndex + 1 && lastIndex != 0)
                {
                    problem = "index " + record.journalIndex + " where " + (lastIndex + 1) + " was due";
                }
                if (problem == null && !record.isCommand() && record.journalIndex > lastIndex)
                {
                    problem = "checkpoint for index " + record.journalIndex + " ahead of the journal";
                }
                if (problem == null && record.epoch < lastEpoch)
                {
                    problem = "epoch " + record.epoch + " after epoch " + lastEpoch;
                }
                if (problem != null)
                {
                    return new Result(firstIndex, lastIndex, commands, checkpoints, documents, bytes,
                        new Damage(lastIndex, documentIndex, at, problem, intactRecordFollows(tailer, lastIndex)));
                }
                record.documentIndex = documentIndex;
                lastEpoch = record.epoch;
                if (record.isCommand())
                {
                    lastIndex = record.journalIndex;
                    firstIndex = firstIndex == 0 ? lastIndex : firstIndex;
                    commands++;
                }
                else
                {
                    checkpoints++;
                }
                if (!visitor.onRecord(record))
                {
                    return new Result(firstIndex, lastIndex, commands, checkpoints, documents, bytes, null);
                }
                at += recordLength;
            }
        }
        return new Result(firstIndex, lastIndex, commands, checkpoints, documents, bytes, null);
    }

    private static boolean newerFilesFollow(final JournalQueue queue, final ExcerptTailer tailer)
    {
        try
        {
            return tailer.cycle() < queue.lastCycle();
        }
        catch (final RuntimeException ex)
        {
            return true; // cannot tell: refuse to cut rather than cut acknowledged commands
        }
    }

    /** After damage: does any later document start with an intact record that continues the journal? */
    private boolean intactRecordFollows(final ExcerptTailer tailer, final long lastGoodIndex)
    {
        final JournalRecord probe = new JournalRecord();
        while (true)
        {
            final int length;
            try (DocumentContext context = tailer.readingDocument())
            {
                if (!context.isPresent())
                {
                    return false;
                }
                length = reader.copy(context.wire().bytes());
            }
            catch (final RuntimeException ex)
            {
                return false;
            }
            if (codec.decode(reader.bytes(), 0, length, probe) > 0 && probe.journalIndex > lastGoodIndex)
            {
                return true;
            }
        }
    }
}
