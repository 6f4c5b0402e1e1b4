package io.flashsale.engine.state;

import io.flashsale.engine.command.KeyHash;
import io.flashsale.engine.command.ResultCode;
import org.agrona.collections.Long2LongHashMap;

/**
 * First answers to keyed RESERVE commands, so a repeat of the same Idempotency-Key by the same user
 * gets the same answer and never a second hold.
 *
 * <p>Retention is bounded by count: a ring of the last {@code capacity} keyed answers of the shard
 * (1,048,576 by default); the oldest is forgotten when the ring comes round. Keys arrive as 128-bit
 * fingerprints (two independent 64-bit hashes), so two different keys of one user collide with
 * probability about 2^-128.
 *
 * <p>The index map is presized for the whole ring and never resizes: no allocation after start.
 */
final class IdempotencyTable
{
    static final int NONE = -1;
    private static final long MISSING = -1;

    private final int capacity;
    private final int mask;
    private final int[] users;
    private final long[] keyHighs;
    private final long[] keyLows;
    private final byte[] results;
    private final long[] reservationIds;
    /** Fingerprint of (user, key) to the ring position holding its answer. */
    private final Long2LongHashMap positions;
    private long written;

    IdempotencyTable(final int capacity)
    {
        if (Integer.bitCount(capacity) != 1)
        {
            throw new IllegalArgumentException("idempotency capacity must be a power of two: " + capacity);
        }
        this.capacity = capacity;
        this.mask = capacity - 1;
        users = new int[capacity];
        keyHighs = new long[capacity];
        keyLows = new long[capacity];
        results = new byte[capacity];
        reservationIds = new long[capacity];
        positions = new Long2LongHashMap(capacity * 2, 0.65f, MISSING);
    }

    int capacity()
    {
        return capacity;
    }

    /** @return the slot holding this user's first answer for the key, or NONE. */
    int find(final int user, final long keyHigh, final long keyLow)
    {
        final long position = positions.get(lookupKey(user, keyHigh, keyLow));
        if (position == MISSING)
        {
            return NONE;
        }
        final int slot = (int)(position & mask);
        return users[slot] == user && keyHighs[slot] == keyHigh && keyLows[slot] == keyLow ? slot : NONE;
    }

    ResultCode result(final int slot)
    {
        return ResultCode.fromCode(results[slot]);
    }

    long reservationId(final int slot)
    {
        return reservationIds[slot];
    }

    void record(final int user, final long keyHigh, final long keyLow, final ResultCode result, final long reservationId)
    {
        final long position = written++;
        final int slot = (int)(position & mask);
        if (position >= capacity)
        {
            final long evicted = lookupKey(users[slot], keyHighs[slot], keyLows[slot]);
            if (positions.get(evicted) == position - capacity)
            {
                positions.remove(evicted);
            }
        }
        users[slot] = user;
        keyHighs[slot] = keyHigh;
        keyLows[slot] = keyLow;
        results[slot] = (byte)result.code();
        reservationIds[slot] = reservationId;
        positions.put(lookupKey(user, keyHigh, keyLow), position);
    }

    void hashInto(final StateHash hash)
    {
        hash.add(capacity).add(written);
        for (long position = Math.max(0, written - capacity); position < written; position++)
        {
            final int slot = (int)(position & mask);
            hash.add(users[slot]).add(keyHighs[slot]).add(keyLows[slot]).add(results[slot]).add(reservationIds[slot]);
        }
    }

    void writeTo(final SnapshotOut out)
    {
        out.putInt(capacity).putLong(written);
        for (long position = Math.max(0, written - capacity); position < written; position++)
        {
            final int slot = (int)(position & mask);
            out.putInt(users[slot]).putLong(keyHighs[slot]).putLong(keyLows[slot])
                .putByte(results[slot]).putLong(reservationIds[slot]);
        }
    }

    /** The table must have been built with the capacity the snapshot says (see {@link #readCapacity}). */
    void readFrom(final SnapshotIn in, final int userCount)
    {
        positions.clear();
        written = in.getLong();
        if (written < 0)
        {
            throw new CorruptSnapshotException("negative idempotency position in snapshot");
        }
        for (long position = Math.max(0, written - capacity); position < written; position++)
        {
            final int slot = (int)(position & mask);
            users[slot] = in.getInt();
            keyHighs[slot] = in.getLong();
            keyLows[slot] = in.getLong();
            results[slot] = in.getByte();
            reservationIds[slot] = in.getLong();
            if (users[slot] < 0 || users[slot] >= userCount || ResultCode.fromCode(results[slot]) == null)
            {
                throw new CorruptSnapshotException("idempotency entry out of range in snapshot");
            }
            positions.put(lookupKey(users[slot], keyHighs[slot], keyLows[slot]), position);
        }
    }

    static int readCapacity(final SnapshotIn in)
    {
        final int capacity = in.getInt();
        if (Integer.bitCount(capacity) != 1 || capacity > 1 << 28)
        {
            throw new CorruptSnapshotException("idempotency capacity out of range in snapshot: " + capacity);
        }
        return capacity;
    }

    private static long lookupKey(final int user, final long keyHigh, final long keyLow)
    {
        return KeyHash.mix(keyHigh ^ KeyHash.mix(keyLow + user));
    }
}
