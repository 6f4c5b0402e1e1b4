package io.flashsale.engine.state;

import io.flashsale.engine.command.KeyHash;
import io.flashsale.engine.command.ResultCode;

/**
 * First answers to keyed RESERVE commands, so a repeat of the same Idempotency-Key by the same user
 * gets the same answer and never a second hold.
 *
 * <p>A 4-way set-associative table, laid out like a CPU cache so a lookup touches one set (two
 * cache lines) and a record writes into the set the lookup just read: one memory miss per keyed
 * reserve, where a map plus an eviction ring cost three. Each entry is four longs:
 * <pre>
 *   [keyHigh][keyLow][reservationId][meta]
 *   meta: bits 63..32 user index | 15..8 result code + 1 (0: entry empty)
 *         | bits 1..0, in way 0 only: the way the set overwrites next
 * </pre>
 * Retention is bounded and FIFO per set: an answer is forgotten when four newer keyed answers have
 * landed in its set. With the default 2^20 entries (2^18 sets) that is about a million keyed answers
 * of the shard on average. Keys arrive as 128-bit fingerprints (two independent 64-bit hashes), so
 * two different keys of one user collide with probability about 2^-128.
 *
 * <p>Preallocated, never resized: no allocation after construction.
 */
final class IdempotencyTable
{
    static final int NONE = -1;
    private static final int WAYS = 4;
    private static final int LONGS_PER_ENTRY = 4;
    private static final int KEY_HIGH = 0;
    private static final int KEY_LOW = 1;
    private static final int RESERVATION = 2;
    private static final int META = 3;
    private static final int RESULT_SHIFT = 8;
    private static final long VICTIM_MASK = WAYS - 1;

    private final int capacity;
    private final int setMask;
    /** Entries, set after set; an entry's META is 0 when the entry is empty. */
    private final long[] entries;
    /** Sum of {@link #elementHash} over the used entries: the state hash's part, kept as answers land. */
    private long digest;

    IdempotencyTable(final int capacity)
    {
        if (Integer.bitCount(capacity) != 1 || capacity < WAYS)
        {
            throw new IllegalArgumentException("idempotency capacity must be a power of two >= " + WAYS + ": " + capacity);
        }
        this.capacity = capacity;
        this.setMask = capacity / WAYS - 1;
        this.entries = new long[capacity * LONGS_PER_ENTRY];
    }

    int capacity()
    {
        return capacity;
    }

    /** @return the entry holding this user's first answer for the key, or NONE. */
    int find(final int user, final long keyHigh, final long keyLow)
    {
        final int first = firstEntryOfSet(user, keyHigh, keyLow);
        for (int way = 0; way < WAYS; way++)
        {
            final int at = (first + way) * LONGS_PER_ENTRY;
            final long meta = entries[at + META];
            if (entries[at + KEY_HIGH] == keyHigh && entries[at + KEY_LOW] == keyLow &&
                resultCode(meta) != 0 && (int)(meta >>> 32) == user)
            {
                return first + way;
            }
        }
        return NONE;
    }

    ResultCode result(final int entry)
    {
        return ResultCode.fromCode(resultCode(entries[entry * LONGS_PER_ENTRY + META]) - 1);
    }

    long reservationId(final int entry)
    {
        return entries[entry * LONGS_PER_ENTRY + RESERVATION];
    }

    /** Records an answer in place of the oldest of its set. */
    void record(final int user, final long keyHigh, final long keyLow, final ResultCode result, final long reservationId)
    {
        final int first = firstEntryOfSet(user, keyHigh, keyLow);
        final int wayZeroMeta = first * LONGS_PER_ENTRY + META;
        final int victim = (int)(entries[wayZeroMeta] & VICTIM_MASK);
        final int at = (first + victim) * LONGS_PER_ENTRY;
        final int wayZero = first * LONGS_PER_ENTRY;
        digest -= elementHash(at) + (at == wayZero ? 0 : elementHash(wayZero));
        entries[at + KEY_HIGH] = keyHigh;
        entries[at + KEY_LOW] = keyLow;
        entries[at + RESERVATION] = reservationId;
        entries[at + META] = ((long)user << 32) | ((long)(result.code() + 1) << RESULT_SHIFT);
        entries[wayZeroMeta] = (entries[wayZeroMeta] & ~VICTIM_MASK) | ((victim + 1) & VICTIM_MASK);
        digest += elementHash(at) + (at == wayZero ? 0 : elementHash(wayZero));
    }

    /** An entry's part of the state hash (0 while empty); its position is part of it. */
    private long elementHash(final int at)
    {
        if (entries[at + META] == 0)
        {
            return 0;
        }
        long hash = StateHash.element(at, entries[at + KEY_HIGH]);
        hash = StateHash.element(hash, entries[at + KEY_LOW]);
        hash = StateHash.element(hash, entries[at + RESERVATION]);
        return StateHash.element(hash, entries[at + META]);
    }

    void hashInto(final StateHash hash)
    {
        hash.add(capacity).add(digest);
    }

    void writeTo(final SnapshotOut out)
    {
        out.putInt(capacity);
        int used = 0;
        for (int at = 0; at < entries.length; at += LONGS_PER_ENTRY)
        {
            used += entries[at + META] != 0 ? 1 : 0;
        }
        out.putInt(used);
        for (int at = 0; at < entries.length; at += LONGS_PER_ENTRY)
        {
            if (entries[at + META] != 0)
            {
                out.putInt(at / LONGS_PER_ENTRY).putLong(entries[at + KEY_HIGH]).putLong(entries[at + KEY_LOW])
                    .putLong(entries[at + RESERVATION]).putLong(entries[at + META]);
            }
        }
    }

    /** The table must have been built with the capacity the snapshot says (see {@link #readCapacity}). */
    void readFrom(final SnapshotIn in, final int userCount)
    {
        final int used = in.getCount(capacity);
        for (int i = 0; i < used; i++)
        {
            final int entry = in.getInt();
            if (entry < 0 || entry >= capacity)
            {
                throw new CorruptSnapshotException("idempotency entry index out of range in snapshot: " + entry);
            }
            final int at = entry * LONGS_PER_ENTRY;
            digest -= elementHash(at); // a repeated entry index replaces the first
            entries[at + KEY_HIGH] = in.getLong();
            entries[at + KEY_LOW] = in.getLong();
            entries[at + RESERVATION] = in.getLong();
            entries[at + META] = in.getLong();
            final int user = (int)(entries[at + META] >>> 32);
            final int result = resultCode(entries[at + META]);
            if (user < 0 || user >= userCount || result == 0 || ResultCode.fromCode(result - 1) == null)
            {
                throw new CorruptSnapshotException("idempotency entry out of range in snapshot");
            }
            digest += elementHash(at);
        }
    }

    static int readCapacity(final SnapshotIn in)
    {
        final int capacity = in.getInt();
        if (Integer.bitCount(capacity) != 1 || capacity < WAYS || capacity > 1 << 28)
        {
            throw new CorruptSnapshotException("idempotency capacity out of range in snapshot: " + capacity);
        }
        return capacity;
    }

    private int firstEntryOfSet(final int user, final long keyHigh, final long keyLow)
    {
        return ((int)KeyHash.mix(keyHigh ^ KeyHash.mix(keyLow + user)) & setMask) * WAYS;
    }

    private static int resultCode(final long meta)
    {
        return (int)(meta >>> RESULT_SHIFT) & 0xFF;
    }
}
