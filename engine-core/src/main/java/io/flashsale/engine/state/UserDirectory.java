package io.flashsale.engine.state;

import io.flashsale.engine.command.Command;
import io.flashsale.engine.command.KeyHash;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Gives each user id (ASCII bytes from the command) a dense index, in order of first appearance,
 * so replay numbers users the same way. Lookup hashes the bytes and probes an open-addressing
 * table, comparing the bytes kept in one arena: no String, no allocation, unless the directory
 * grows for a new user.
 *
 * <p>Users are never forgotten: memory grows with distinct users who placed a hold or used an
 * idempotency key (about 100 bytes each); rejected callers without a key are not added.
 */
final class UserDirectory
{
    static final int NONE = -1;

    /** Bytes of arena a user is expected to take (ids of 16-24 characters are usual). */
    private static final int EXPECTED_ID_BYTES = 20;

    private byte[] arena;
    private int arenaUsed;
    private int[] offsets;
    private byte[] lengths;
    private long[] hashes;
    private int count;
    /** Sum of (index, id hash) element hashes: the state hash's part, kept as users come. */
    private long digest;
    /** Open addressing: user index + 1, 0 for an empty slot. */
    private int[] table;

    /** @param expectedUsers sized for these at once: no growth on the logic thread until they have come. */
    UserDirectory(final int expectedUsers)
    {
        final int users = Math.max(64, expectedUsers);
        arena = new byte[(int)Math.min(Integer.MAX_VALUE - 8, (long)users * EXPECTED_ID_BYTES)];
        offsets = new int[users];
        lengths = new byte[users];
        hashes = new long[users];
        table = new int[Integer.highestOneBit(users - 1) << 2]; // a power of two, at most half full
    }

    /** The lookup table's slots: it is rebuilt (an O(n) copy) only when this changes. */
    int tableSlots()
    {
        return table.length;
    }

    int count()
    {
        return count;
    }

    int find(final byte[] userId, final int length)
    {
        final long hash = KeyHash.hash(userId, 0, length);
        final int mask = table.length - 1;
        for (int at = (int)hash & mask; ; at = (at + 1) & mask)
        {
            final int entry = table[at];
            if (entry == 0)
            {
                return NONE;
            }
            final int index = entry - 1;
            if (hashes[index] == hash && sameBytes(index, userId, length))
            {
                return index;
            }
        }
    }

    int findOrAdd(final byte[] userId, final int length)
    {
        final int found = find(userId, length);
        return found != NONE ? found : add(userId, length);
    }

    /** Compares without hashing: the cheap ownership check of confirm and cancel. */
    boolean matches(final int index, final byte[] userId, final int length)
    {
        return index >= 0 && index < count && sameBytes(index, userId, length);
    }

    /** @return the length copied into {@code target} (at least {@link Command#MAX_USER_ID_LENGTH} long). */
    int copyUserId(final int index, final byte[] target)
    {
        System.arraycopy(arena, offsets[index], target, 0, lengths[index]);
        return lengths[index];
    }

    String userIdText(final int index)
    {
        return new String(arena, offsets[index], lengths[index], StandardCharsets.US_ASCII);
    }

    void hashInto(final StateHash hash)
    {
        hash.add(count).add(digest);
    }

    void writeTo(final SnapshotOut out)
    {
        out.putInt(count);
        for (int i = 0; i < count; i++)
        {
            out.putBytes(arena, offsets[i], lengths[i]);
        }
    }

    void readFrom(final SnapshotIn in)
    {
        final int users = in.getCount(Integer.MAX_VALUE / 2);
        for (int i = 0; i < users; i++)
        {
            final byte[] userId = in.getBytes(Command.MAX_USER_ID_LENGTH);
            if (userId.length == 0 || find(userId, userId.length) != NONE)
            {
                throw new CorruptSnapshotException("empty or repeated user id in snapshot");
            }
            add(userId, userId.length);
        }
    }

    private int add(final byte[] userId, final int length)
    {
        if (count == offsets.length)
        {
            offsets = Arrays.copyOf(offsets, count * 2);
            lengths = Arrays.copyOf(lengths, count * 2);
            hashes = Arrays.copyOf(hashes, count * 2);
        }
        if (arenaUsed + length > arena.length)
        {
            arena = Arrays.copyOf(arena, Math.max(arena.length * 2, arenaUsed + length));
        }
        final int index = count++;
        System.arraycopy(userId, 0, arena, arenaUsed, length);
        offsets[index] = arenaUsed;
        lengths[index] = (byte)length;
        hashes[index] = KeyHash.hash(userId, 0, length);
        digest += StateHash.element(index, hashes[index]);
        arenaUsed += length;
        if (count * 2 > table.length)
        {
            rebuildTable(table.length * 2);
        }
        else
        {
            insert(index);
        }
        return index;
    }

    private void rebuildTable(final int size)
    {
        table = new int[size];
        for (int i = 0; i < count; i++)
        {
            insert(i);
        }
    }

    private void insert(final int index)
    {
        final int mask = table.length - 1;
        int at = (int)hashes[index] & mask;
        while (table[at] != 0)
        {
            at = (at + 1) & mask;
        }
        table[at] = index + 1;
    }

    private boolean sameBytes(final int index, final byte[] userId, final int length)
    {
        return lengths[index] == length &&
            Arrays.equals(arena, offsets[index], offsets[index] + length, userId, 0, length);
    }
}
