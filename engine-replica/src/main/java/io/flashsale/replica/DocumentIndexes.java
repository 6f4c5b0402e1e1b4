package io.flashsale.replica;

import io.flashsale.journal.JournalDamagedException;
import io.flashsale.journal.record.CommandRecordCodec;
import io.flashsale.journal.record.JournalRecord;

/** Reads which journal indexes a journal document's records name. */
final class DocumentIndexes
{
    private final CommandRecordCodec codec = new CommandRecordCodec();
    private final JournalRecord record = new JournalRecord();

    /** The highest index a document's records name (commands, and checkpoints of earlier commands). */
    long highest(final byte[] document, final int length)
    {
        long last = 0;
        int at = 0;
        while (at < length)
        {
            final int recordLength = codec.decode(document, at, length, record);
            if (recordLength < 0)
            {
                throw new JournalDamagedException("damaged record after index " + last, last);
            }
            last = Math.max(last, record.journalIndex);
            at += recordLength;
        }
        return last;
    }
}
