package io.flashsale.journal;

/**
 * A damaged record with intact records after it: not a torn tail but damage in the middle of the
 * journal. Recovery stops here rather than skip or replay garbage; {@code journal.sh verify} shows it.
 */
public final class JournalDamagedException extends JournalException
{
    private final long lastGoodIndex;

    public JournalDamagedException(final String message, final long lastGoodIndex)
    {
        super(message);
        this.lastGoodIndex = lastGoodIndex;
    }

    /** The last index of the intact prefix before the damage. */
    public long lastGoodIndex()
    {
        return lastGoodIndex;
    }
}
