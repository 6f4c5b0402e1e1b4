package io.flashsale.journal;

import io.flashsale.journal.record.RecordLayout;
import net.openhft.chronicle.bytes.Bytes;

/** Copies one Chronicle document's bytes into a reused, growing array, so records decode off-heap-free. */
public final class DocumentReader
{
    private byte[] document = new byte[1 << 16];

    /** @return the document's length; its bytes are in {@link #bytes()} until the next call. */
    public int copy(final Bytes<?> bytes)
    {
        final long remaining = bytes.readRemaining();
        if (remaining > Integer.MAX_VALUE - RecordLayout.MAX_RECORD)
        {
            throw new JournalException("document of " + remaining + " bytes is not one of ours");
        }
        final int length = (int)remaining;
        if (length > document.length)
        {
            document = new byte[Math.max(length, document.length * 2)];
        }
        bytes.read(document, 0, length);
        return length;
    }

    public byte[] bytes()
    {
        return document;
    }
}
