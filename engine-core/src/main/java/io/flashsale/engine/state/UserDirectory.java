package io.flashsale.engine.state;

import io.flashsale.engine.command.Command;
import io.flashsale.engine.command.KeyHash;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Gives each user id (ASCII bytes from the command) a dense index, in order of first appearance,
 * so replay numbers users the same way. Lookup hashes the bytes and probes an open-addressing
 * table, comparing the id with the one kept: no String, no allocation, unless the directory grows
 * for a new user. An id's first {@link #INLINE_ID_BYTES} bytes live in the user's record, beside
 * the hash the probe has just checked, so a usual id is compared as two longs on a cache line
 * already read; only a longer id's rest lives in an arena (comparing it there was a cache miss,
 * 18-25 % of the logic thread in the journal benchmark).
 * <p>
 * A crowd is exactly when the directory grows, so growth never stops the logic thread for a copy:
 * <ul>
 *   <li>everything lives in pages ({@link #USERS_A_PAGE} users, {@link #ARENA_PAGE} bytes of ids,
 *       {@link #SLOTS_A_PAGE} table slots), allocated one at a time when first written: growing
 *       costs one small page, never a copy of what is there;</li>
 *   <li>the table doubles incrementally: past half full a table twice the size takes every new user,
 *       and each add moves {@link #MOVED_AN_ADD} slots of the old one across; lookups probe the new
 *       table, then the old one until it is drained (long before the new one is half full).</li>
 * </ul>
 * Sized for {@code expectedUsers} at start, nothing is allocated until they have come.
 * <p>Users are never forgotten: memory grows with distinct users who placed a hold or used an
 * idempotency key (about 100 bytes each); rejected callers without a key are not added.
 */
final class UserDirectory
{
    static final int NONE = -1;

    /** Pages of 32-96 KB: a new one is zeroed in microseconds, and a small directory stays small. */
    static final int USERS_A_PAGE = 1 << 11;
    static final int ARENA_PAGE = 1 << 16;
    static final int SLOTS_A_PAGE = 1 << 13;
    /** Old-table slots moved at each add while draining: 2 would just finish before the next doubling. */
    static final int MOVED_AN_ADD = 8;
    /** An id's bytes kept in its record, as two little-endian longs; the rest in the arena. */
    static final int INLINE_ID_BYTES = 16;
    /** Bytes of arena a user is expected to take: most ids fit their record. */
    private static final int EXPECTED_ARENA_BYTES = 4;
    private static final VarHandle LITTLE_ENDIAN_LONG =
        MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /**
     * Per user, one record of {@link #RECORD} longs, so that a lookup's hash check, its id's place and
     * the user's units (kept here by {@link UserSkuUnits}) share a cache line: the place where the rest
     * of its id starts in the arena ({@code << 8}) and the id's length (low byte), its id's hash, its
     * first {@link #INLINE_ID_BYTES} bytes, a units slot, the head of the user's chain of further units.
     */
    private long[][] records = new long[1][];
    private static final int RECORD = 6;
    private static final int PLACE = 0;
    private static final int HASH = 1;
    private static final int ID_HEAD = 2;
    private static final int UNITS = 4;
    private static final int MORE_UNITS = 5;
    private byte[][] arena = new byte[1][];
    private long arenaUsed;
    private int count;
    /** Sum of (index, id hash) element hashes: the state hash's part, kept as users come. */
    private long digest;
    /** Open addressing: user index + 1, 0 for an empty slot (a page not yet allocated is all empty). */
    private int[][] table;
    private int tableSlots;
    /** The table before the last doubling, while its entries are moved across; null when drained. */
    private int[][] draining;
    private int drainingSlots;
    private int drainCursor;

    /** @param expectedUsers sized for these at once: no growth on the logic thread until they have come. */
    UserDirectory(final int expectedUsers)
    {
        final int users = Math.max(64, expectedUsers);
        tableSlots = Math.max(SLOTS_A_PAGE, Integer.highestOneBit(users - 1) << 2); // a power of two, at most half full
        table = new int[tableSlots / SLOTS_A_PAGE][];
        for (int page = 0; page < table.length; page++)
        {
            table[page] = new int[SLOTS_A_PAGE];
        }
        for (int user = 0; user < users; user += USERS_A_PAGE)
        {
            userPage(user);
        }
        for (long at = 0; at < (long)users * EXPECTED_ARENA_BYTES; at += ARENA_PAGE)
        {
            arenaPage((int)(at / ARENA_PAGE));
        }
    }

    /** The lookup table's slots (it doubles past half full, incrementally). */
    int tableSlots()
    {
        return tableSlots;
    }

    /** Whether an old table is still being moved across. */
    boolean draining()
    {
        return draining != null;
    }

    int count()
    {
        return count;
    }

    int find(final byte[] userId, final int length)
    {
        final long hash = KeyHash.hash(userId, 0, length);
        final long head0 = KeyHash.word(userId, 0, length);
        final long head1 = KeyHash.word(userId, Long.BYTES, length);
        final int found = probe(table, tableSlots, hash, head0, head1, userId, length);
        return found != NONE || draining == null ? found : probe(draining, drainingSlots, hash, head0, head1, userId, length);
    }

    int findOrAdd(final byte[] userId, final int length)
    {
        final int found = find(userId, length);
        return found != NONE ? found : add(userId, length);
    }

    /** Compares without hashing: the cheap ownership check of confirm and cancel. */
    boolean matches(final int index, final byte[] userId, final int length)
    {
        return index >= 0 && index < count
            && sameId(index, KeyHash.word(userId, 0, length), KeyHash.word(userId, Long.BYTES, length), userId, length);
    }

    /** @return the length copied into {@code target} (at least {@link Command#MAX_USER_ID_LENGTH} long). */
    int copyUserId(final int index, final byte[] target)
    {
        final long[] record = records[index / USERS_A_PAGE];
        final int at = index % USERS_A_PAGE * RECORD;
        final long place = record[at + PLACE];
        final int length = (int)(place & 0xFF);
        LITTLE_ENDIAN_LONG.set(target, 0, record[at + ID_HEAD]);
        LITTLE_ENDIAN_LONG.set(target, Long.BYTES, record[at + ID_HEAD + 1]);
        if (length > INLINE_ID_BYTES)
        {
            final long rest = place >>> 8;
            System.arraycopy(arena[(int)(rest / ARENA_PAGE)], (int)(rest % ARENA_PAGE), target, INLINE_ID_BYTES,
                length - INLINE_ID_BYTES);
        }
        return length;
    }

    String userIdText(final int index)
    {
        final byte[] id = new byte[Command.MAX_USER_ID_LENGTH];
        return new String(id, 0, copyUserId(index, id), StandardCharsets.US_ASCII);
    }

    void hashInto(final StateHash hash)
    {
        hash.add(count).add(digest);
    }

    void writeTo(final SnapshotOut out)
    {
        out.putInt(count);
        final byte[] id = new byte[Command.MAX_USER_ID_LENGTH];
        for (int i = 0; i < count; i++)
        {
            out.putBytes(id, 0, copyUserId(i, id));
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
        final int rest = Math.max(0, length - INLINE_ID_BYTES);
        if (arenaUsed % ARENA_PAGE + rest > ARENA_PAGE)
        {
            arenaUsed += ARENA_PAGE - arenaUsed % ARENA_PAGE; // an id never spans two pages
        }
        if (rest > 0)
        {
            System.arraycopy(userId, INLINE_ID_BYTES, arenaPage((int)(arenaUsed / ARENA_PAGE)),
                (int)(arenaUsed % ARENA_PAGE), rest);
        }
        final int index = count++;
        final long hash = KeyHash.hash(userId, 0, length);
        userPage(index);
        final long[] record = records[index / USERS_A_PAGE];
        final int at = index % USERS_A_PAGE * RECORD;
        record[at + PLACE] = arenaUsed << 8 | length;
        record[at + HASH] = hash;
        record[at + ID_HEAD] = KeyHash.word(userId, 0, length);
        record[at + ID_HEAD + 1] = KeyHash.word(userId, Long.BYTES, length);
        digest += StateHash.element(index, hash);
        arenaUsed += rest;
        if ((long)count * 2 > tableSlots)
        {
            startDoubling();
        }
        insert(table, tableSlots, index, hash);
        if (draining != null)
        {
            drainSome();
        }
        return index;
    }

    /** A table twice the size takes every new user; the old one is moved across a few slots an add. */
    private void startDoubling()
    {
        while (draining != null)
        {
            drainSome(); // not reached with MOVED_AN_ADD >= 2: the old table is drained long before
        }
        draining = table;
        drainingSlots = tableSlots;
        drainCursor = 0;
        tableSlots *= 2;
        table = new int[tableSlots / SLOTS_A_PAGE][]; // pages come as they are first written
    }

    private void drainSome()
    {
        final int end = Math.min(drainingSlots, drainCursor + MOVED_AN_ADD);
        for (; drainCursor < end; drainCursor++)
        {
            final int[] page = draining[drainCursor / SLOTS_A_PAGE];
            final int entry = page == null ? 0 : page[drainCursor % SLOTS_A_PAGE];
            if (entry != 0)
            {
                insert(table, tableSlots, entry - 1, hash(entry - 1));
            }
        }
        if (drainCursor == drainingSlots)
        {
            draining = null;
        }
    }

    private int probe(final int[][] slots, final int size, final long hash, final long head0, final long head1,
        final byte[] userId, final int length)
    {
        final int mask = size - 1;
        for (int at = (int)hash & mask; ; at = (at + 1) & mask)
        {
            final int[] page = slots[at / SLOTS_A_PAGE];
            final int entry = page == null ? 0 : page[at % SLOTS_A_PAGE];
            if (entry == 0)
            {
                return NONE;
            }
            final int index = entry - 1;
            if (hash(index) == hash && sameId(index, head0, head1, userId, length))
            {
                return index;
            }
        }
    }

    private static void insert(final int[][] slots, final int size, final int index, final long hash)
    {
        final int mask = size - 1;
        for (int at = (int)hash & mask; ; at = (at + 1) & mask)
        {
            int[] page = slots[at / SLOTS_A_PAGE];
            if (page == null)
            {
                page = slots[at / SLOTS_A_PAGE] = new int[SLOTS_A_PAGE];
            }
            if (page[at % SLOTS_A_PAGE] == 0)
            {
                page[at % SLOTS_A_PAGE] = index + 1;
                return;
            }
        }
    }

    /** The units slot of a user's record: {@link UserSkuUnits} keeps the user's first SKU's units in it. */
    long unitsSlot(final int index)
    {
        return records[index / USERS_A_PAGE][index % USERS_A_PAGE * RECORD + UNITS];
    }

    void unitsSlot(final int index, final long value)
    {
        records[index / USERS_A_PAGE][index % USERS_A_PAGE * RECORD + UNITS] = value;
    }

    /** The head of the user's chain of units blocks ({@link UserSkuUnits}), 0 for none. */
    int moreUnits(final int index)
    {
        return (int)records[index / USERS_A_PAGE][index % USERS_A_PAGE * RECORD + MORE_UNITS];
    }

    void moreUnits(final int index, final int block)
    {
        records[index / USERS_A_PAGE][index % USERS_A_PAGE * RECORD + MORE_UNITS] = block;
    }

    private long hash(final int index)
    {
        return records[index / USERS_A_PAGE][index % USERS_A_PAGE * RECORD + HASH];
    }

    private void userPage(final int index)
    {
        final int page = index / USERS_A_PAGE;
        if (page >= records.length)
        {
            records = Arrays.copyOf(records, Math.max(page + 1, records.length * 2)); // page pointers only: small
        }
        if (records[page] == null)
        {
            records[page] = new long[USERS_A_PAGE * RECORD];
        }
    }

    private byte[] arenaPage(final int page)
    {
        if (page >= arena.length)
        {
            arena = Arrays.copyOf(arena, Math.max(page + 1, arena.length * 2));
        }
        if (arena[page] == null)
        {
            arena[page] = new byte[ARENA_PAGE];
        }
        return arena[page];
    }

    private boolean sameId(final int index, final long head0, final long head1, final byte[] userId, final int length)
    {
        final long[] record = records[index / USERS_A_PAGE];
        final int at = index % USERS_A_PAGE * RECORD;
        final long place = record[at + PLACE];
        if ((place & 0xFF) != length || record[at + ID_HEAD] != head0 || record[at + ID_HEAD + 1] != head1)
        {
            return false;
        }
        if (length <= INLINE_ID_BYTES)
        {
            return true;
        }
        final long rest = place >>> 8;
        final int from = (int)(rest % ARENA_PAGE);
        return Arrays.equals(arena[(int)(rest / ARENA_PAGE)], from, from + length - INLINE_ID_BYTES,
            userId, INLINE_ID_BYTES, length);
    }
}
