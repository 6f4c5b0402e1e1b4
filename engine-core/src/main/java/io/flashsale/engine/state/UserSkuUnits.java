package io.flashsale.engine.state;

import java.util.Arrays;

/**
 * Units each user holds or has bought, per SKU: what the perUserLimit is checked against. An entry
 * leaves when its count returns to zero, so only users with live holds or purchases have one.
 * <p>
 * Every entry is kept beside its user, never in one shared map: a shared map keyed by (user, sku)
 * was a cache miss on every reserve and confirm once a crowd's purchases filled it, and it doubled
 * by an O(n) copy on the logic thread (27 % of the logic thread in the journal benchmark).
 * <ul>
 *   <li>A user's first SKU lives in the units slot of the user's own directory record (the SKU and
 *       the count in one long), on the cache line the user's lookup has just read.</li>
 *   <li>A user's other SKUs live in a chain of blocks of {@link #ENTRIES_A_BLOCK} entries (one cache
 *       line each), the chain's head in the user's record. Blocks come from pages allocated one at a
 *       time ({@link #BLOCKS_A_PAGE} blocks), so growth never copies; a freed entry is reused by the
 *       user's next SKU, and a user's chain never outgrows its SKUs, so blocks are never given back.</li>
 * </ul>
 * A (user, sku) lives in exactly one place: the slot if it was free when the entry came, else the
 * chain, until the entry leaves.
 */
final class UserSkuUnits
{
    private static final long MISSING = 0;
    /** A block: this many entries, then the next block's number + 1 (0 ends the chain). */
    static final int ENTRIES_A_BLOCK = 7;
    private static final int BLOCK = ENTRIES_A_BLOCK + 1;
    private static final int NEXT = ENTRIES_A_BLOCK;
    /** Pages of 32 KB. */
    static final int BLOCKS_A_PAGE = 1 << 9;

    private final UserDirectory users;
    private long[][] blockPages = new long[1][];
    private int blocksUsed;
    private int entries;
    /** Sum of {@link #elementHash} over the entries: the state hash's part, kept as counts change. */
    private long digest;

    /** @param expectedUsers blocks are ready for a tenth of them holding a second SKU at once. */
    UserSkuUnits(final UserDirectory users, final int expectedUsers)
    {
        this.users = users;
        for (int block = 0; block < Math.max(1, expectedUsers / 10); block += BLOCKS_A_PAGE)
        {
            blockPage(block / BLOCKS_A_PAGE);
        }
    }

    int get(final int user, final int sku)
    {
        final long slot = users.unitsSlot(user);
        if (slot != MISSING && skuOf(slot) == sku)
        {
            return unitsOf(slot);
        }
        for (int block = users.moreUnits(user); block != 0; block = next(block))
        {
            final long[] page = page(block);
            for (int at = base(block), end = at + ENTRIES_A_BLOCK; at < end; at++)
            {
                if (page[at] != MISSING && skuOf(page[at]) == sku)
                {
                    return unitsOf(page[at]);
                }
            }
        }
        return 0;
    }

    void add(final int user, final int sku, final int delta)
    {
        final long slot = users.unitsSlot(user);
        if (slot != MISSING && skuOf(slot) == sku)
        {
            final int updated = unitsOf(slot) + delta;
            changed(user, sku, unitsOf(slot), updated);
            users.unitsSlot(user, updated == 0 ? MISSING : slotOf(sku, updated));
            entries -= updated == 0 ? 1 : 0;
            return;
        }
        long[] freePage = null;
        int freeAt = -1;
        int last = 0;
        for (int block = users.moreUnits(user); block != 0; block = next(block))
        {
            final long[] page = page(block);
            for (int at = base(block), end = at + ENTRIES_A_BLOCK; at < end; at++)
            {
                if (page[at] == MISSING)
                {
                    if (freePage == null)
                    {
                        freePage = page;
                        freeAt = at;
                    }
                }
                else if (skuOf(page[at]) == sku)
                {
                    final int updated = unitsOf(page[at]) + delta;
                    changed(user, sku, unitsOf(page[at]), updated);
                    page[at] = updated == 0 ? MISSING : slotOf(sku, updated);
                    entries -= updated == 0 ? 1 : 0;
                    return;
                }
            }
            last = block;
        }
        if (delta <= 0)
        {
            throw new IllegalStateException("units taken from user " + user + " on SKU " + sku + " that holds none");
        }
        changed(user, sku, 0, delta);
        entries++;
        if (slot == MISSING)
        {
            users.unitsSlot(user, slotOf(sku, delta)); // a new entry, and the user's slot is free
            return;
        }
        if (freePage == null)
        {
            final int block = newBlock();
            if (last == 0)
            {
                users.moreUnits(user, block);
            }
            else
            {
                page(last)[base(last) + NEXT] = block;
            }
            freePage = page(block);
            freeAt = base(block);
        }
        freePage[freeAt] = slotOf(sku, delta);
    }

    int size()
    {
        return entries;
    }

    void hashInto(final StateHash hash)
    {
        hash.add(size()).add(digest);
    }

    void writeTo(final SnapshotOut out)
    {
        out.putInt(size());
        for (int user = 0; user < users.count(); user++)
        {
            write(out, user, users.unitsSlot(user));
            for (int block = users.moreUnits(user); block != 0; block = next(block))
            {
                final long[] page = page(block);
                for (int at = base(block), end = at + ENTRIES_A_BLOCK; at < end; at++)
                {
                    write(out, user, page[at]);
                }
            }
        }
    }

    private static void write(final SnapshotOut out, final int user, final long entry)
    {
        if (entry != MISSING)
        {
            out.putLong(key(user, skuOf(entry))).putLong(unitsOf(entry));
        }
    }

    /** @return the new block's number + 1, its entries empty. */
    private int newBlock()
    {
        final int block = blocksUsed++;
        blockPage(block / BLOCKS_A_PAGE);
        return block + 1;
    }

    private void blockPage(final int page)
    {
        if (page >= blockPages.length)
        {
            blockPages = Arrays.copyOf(blockPages, Math.max(page + 1, blockPages.length * 2)); // page pointers only: small
        }
        if (blockPages[page] == null)
        {
            blockPages[page] = new long[BLOCKS_A_PAGE * BLOCK];
        }
    }

    private long[] page(final int block)
    {
        return blockPages[(block - 1) / BLOCKS_A_PAGE];
    }

    private int next(final int block)
    {
        return (int)page(block)[base(block) + NEXT];
    }

    private static int base(final int block)
    {
        return (block - 1) % BLOCKS_A_PAGE * BLOCK;
    }

    /** Into a fresh engine, after its users. */
    void readFrom(final SnapshotIn in)
    {
        final int count = in.getCount(Integer.MAX_VALUE / 2);
        for (int i = 0; i < count; i++)
        {
            final long key = in.getLong();
            final long value = in.getLong();
            final int user = (int)(key >>> 32);
            if (value <= 0 || value > Integer.MAX_VALUE || user < 0 || user >= users.count() || get(user, (int)key) != 0)
            {
                throw new CorruptSnapshotException("user units out of range or repeated in snapshot: " + value);
            }
            add(user, (int)key, (int)value);
        }
    }

    private void changed(final int user, final int sku, final long from, final long to)
    {
        final long key = key(user, sku);
        digest += (to == 0 ? 0 : elementHash(key, to)) - (from == 0 ? 0 : elementHash(key, from));
    }

    private static long slotOf(final int sku, final int units)
    {
        return ((long)sku << 32) | (units & 0xFFFF_FFFFL);
    }

    private static int skuOf(final long slot)
    {
        return (int)(slot >>> 32);
    }

    private static int unitsOf(final long slot)
    {
        return (int)slot;
    }

    private static long elementHash(final long key, final long value)
    {
        return StateHash.element(key, value);
    }

    private static long key(final int user, final int sku)
    {
        return ((long)user << 32) | (sku & 0xFFFF_FFFFL);
    }
}
