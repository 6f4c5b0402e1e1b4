package io.flashsale.engine.state;

import org.agrona.collections.Long2LongHashMap;

/**
 * Units each user holds or has bought, per SKU: what the perUserLimit is checked against. An entry
 * leaves when its count returns to zero, so only users with live holds or purchases have one.
 * <p>
 * A user's first SKU lives in the units slot of the user's own directory record (the SKU and the
 * count in one long), on the cache line the user's lookup has just read; only a user holding
 * several SKUs at once has the others in a primitive map keyed by (user, sku). With the map alone,
 * sized for a crowd, its lookup was a cache miss on every reserve: 29 % of the logic thread's time
 * in the journal benchmark. A (user, sku) lives in exactly one of the two places: the slot if it
 * was free when the entry came, else the map, until the entry leaves.
 */
final class UserSkuUnits
{
    private static final long MISSING = 0;
    private final UserDirectory users;
    private final Long2LongHashMap others;
    /** Entries in users' slots. */
    private int inSlots;
    /** Sum of {@link #elementHash} over the entries: the state hash's part, kept as counts change. */
    private long digest;

    /** @param expectedUsers sized for a tenth of them holding a second SKU at once without a resize. */
    UserSkuUnits(final UserDirectory users, final int expectedUsers)
    {
        this.users = users;
        others = new Long2LongHashMap(Math.max(1 << 10, (int)(expectedUsers / 10 / 0.65f) + 1), 0.65f, MISSING);
    }

    int get(final int user, final int sku)
    {
        final long slot = users.unitsSlot(user);
        return slot != MISSING && skuOf(slot) == sku ? unitsOf(slot) : (int)others.get(key(user, sku));
    }

    void add(final int user, final int sku, final int delta)
    {
        final long slot = users.unitsSlot(user);
        if (slot != MISSING && skuOf(slot) == sku)
        {
            final int updated = unitsOf(slot) + delta;
            changed(user, sku, unitsOf(slot), updated);
            users.unitsSlot(user, updated == 0 ? MISSING : slotOf(sku, updated));
            inSlots -= updated == 0 ? 1 : 0;
            return;
        }
        final long key = key(user, sku);
        final long current = others.get(key);
        final long updated = current + delta;
        changed(user, sku, current, updated);
        if (current == 0 && slot == MISSING)
        {
            users.unitsSlot(user, slotOf(sku, (int)updated)); // a new entry, and the user's slot is free
            inSlots++;
        }
        else if (updated == 0)
        {
            others.remove(key);
        }
        else
        {
            others.put(key, updated);
        }
    }

    int size()
    {
        return inSlots + others.size();
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
            final long slot = users.unitsSlot(user);
            if (slot != MISSING)
            {
                out.putLong(key(user, skuOf(slot))).putLong(unitsOf(slot));
            }
        }
        final Long2LongHashMap.EntryIterator entries = others.entrySet().iterator();
        while (entries.hasNext())
        {
            entries.next();
            out.putLong(entries.getLongKey()).putLong(entries.getLongValue());
        }
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
