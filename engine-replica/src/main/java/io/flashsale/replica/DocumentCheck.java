package io.flashsale.replica;

import io.flashsale.journal.JournalQueue;
import io.flashsale.journal.record.CommandRecordCodec;
import io.flashsale.journal.record.JournalRecord;

import java.io.IOException;

/**
 * Checks that a document from the primary continues this replica's journal before it is appended:
 * every record intact, command indexes exactly one past the last we hold, epochs never falling.
 * Anything else (the primary lost a tail we already have, or its journal was cut differently) stops
 * the shard rather than write a second history into our journal.
 */
final class DocumentCheck
{
    private final CommandRecordCodec codec = new CommandRecordCodec();
    private final JournalRecord record = new JournalRecord();
    private long lastIndex;
    private int lastEpoch = Integer.MIN_VALUE;
    private long lastDigest;

    /** @param lastDigest our newest document's digest ({@link JournalQueue#digestOf}), NO_DOCUMENT when empty */
    DocumentCheck(final long lastIndex, final long lastDigest)
    {
        this.lastIndex = lastIndex;
        this.lastDigest = lastDigest;
    }

    long lastIndex()
    {
        return lastIndex;
    }

    long lastDigest()
    {
        return lastDigest;
    }

    /** @throws IllegalStateException when the document does not continue our journal. */
    void accept(final byte[] document) throws IOException
    {
        long expected = lastIndex;
        int epoch = lastEpoch;
        int at = 0;
        while (at < document.length)
        {
            final int length = codec.decode(document, at, document.length, record);
            if (length < 0)
            {
                throw new IOException("damaged document from the primary (" + codec.refusal() + ")"); // reconnect, ask again
            }
            if (record.epoch < epoch)
            {
                throw new IllegalStateException("epoch " + record.epoch + " after " + epoch + ": not our primary's history");
            }
            if (record.isCommand())
            {
                if (record.journalIndex != expected + 1)
                {
                    throw new IllegalStateException("the primary sent index " + record.journalIndex + " where " +
                        (expected + 1) + " was due: its journal and ours disagree");
                }
                expected = record.journalIndex;
            }
            epoch = record.epoch;
            at += length;
        }
        lastIndex = expected;
        lastEpoch = epoch;
        lastDigest = JournalQueue.digestOf(document, document.length);
    }
}
