package io.flashsale.engine.command;

/**
 * Reservation ids are deterministic and owned by one shard: the shard number in the top bits, the
 * shard's own reservation sequence (from 1) below. Replaying a shard's journal gives the same ids
 * and shards never share a counter.
 *
 * <pre>
 *   63      56 55                                               0
 *  +----------+--------------------------------------------------+
 *  |  shard   |            per-shard sequence (>= 1)             |
 *  +----------+--------------------------------------------------+
 * </pre>
 *
 * The text form shoppers see is {@code "<shard>-<sequence>"}, e.g. {@code "0-42"}.
 */
public final class ReservationId
{
    public static final int SHARD_BITS = 8;
    public static final int MAX_SHARDS = 1 << SHARD_BITS;
    private static final int SEQUENCE_BITS = 64 - SHARD_BITS;
    private static final long SEQUENCE_MASK = (1L << SEQUENCE_BITS) - 1;
    /** Longest text form: 3 shard digits, a dash, 17 sequence digits. */
    private static final int MAX_TEXT_LENGTH = 21;

    /** Returned by {@link #parse} for text that is not a reservation id. */
    public static final long INVALID = 0;

    private ReservationId()
    {
    }

    public static long of(final int shard, final long sequence)
    {
        return ((long)shard << SEQUENCE_BITS) | sequence;
    }

    public static int shardOf(final long reservationId)
    {
        return (int)(reservationId >>> SEQUENCE_BITS);
    }

    public static long sequenceOf(final long reservationId)
    {
        return reservationId & SEQUENCE_MASK;
    }

    public static String toText(final long reservationId)
    {
        return shardOf(reservationId) + "-" + sequenceOf(reservationId);
    }

    /**
     * @return the id, or {@link #INVALID} when the text is not {@code shard-sequence} with a shard
     * below {@link #MAX_SHARDS} and a sequence of at least 1.
     */
    public static long parse(final CharSequence text)
    {
        final int length = text.length();
        if (length < 3 || length > MAX_TEXT_LENGTH)
        {
            return INVALID;
        }
        int i = 0;
        long shard = 0;
        while (i < length && text.charAt(i) != '-')
        {
            final int digit = text.charAt(i) - '0';
            if (digit < 0 || digit > 9 || i >= 3)
            {
                return INVALID;
            }
            shard = shard * 10 + digit;
            i++;
        }
        if (i == 0 || i == length - 1 || shard >= MAX_SHARDS)
        {
            return INVALID;
        }
        long sequence = 0;
        for (i++; i < length; i++)
        {
            final int digit = text.charAt(i) - '0';
            if (digit < 0 || digit > 9)
            {
                return INVALID;
            }
            sequence = sequence * 10 + digit;
        }
        return sequence < 1 || sequence > SEQUENCE_MASK ? INVALID : of((int)shard, sequence);
    }

    /** The order a confirmed reservation becomes: the API's {@code orderId}, also the key of Postgres' orders. */
    public static String orderIdOf(final String reservationText)
    {
        return "O-" + reservationText;
    }
}
