package io.flashsale.engine.state;

import org.agrona.collections.Long2LongHashMap;

/**
 * Units each user holds or has bought, per SKU: what the perUserLimit is checked against. One
 * primitive map keyed by (user, sku); an entry leaves when its count returns to zero, so the map
 * holds only users with live holds or purchases.
 */
final class UserSkuUnits
{
    private static final long MISSING = 0;
    private final Long2LongHashMap units;
    /** Sum of {@link #elementHash} over the entries: the state hash's part, kept as counts change. */
    private long digest;

    /** @param expectedUsers sized for one live entry each (a user holding one SKU) without a resize. */
    UserSkuUnits(final int expectedUsers)
    {
        units = new Long2LongHashMap(Math.max(1 << 12, (int)(expectedUsers / 0.65f) + 1), 0.65f, MISSING);
    }

    int get(final int user, final int sku)
    {
        return (int)units.get(key(user, sku));
    }

    void add(final int user, final int sku, final int delta)
    {
        final long key = key(user, sku);
        final long current = units.get(key);
        final long updated = current + delta;
        digest += (updated == 0 ? 0 : elementHash(key, updated)) - (current == 0 ? 0 : elementHash(key, current));
        if (updated == 0)
        {
            units.remove(key);
        }
        else
        {
            units.put(key, updated);
        }
    }

    int size()
    {
        return units.size();
    }

    void hashInto(final StateHash hash)
    {
        hash.add(units.size()).add(digest);
    }

    void writeTo(final SnapshotOut out)
    {
        out.putInt(units.size());
        final Long2LongHashMap.EntryIterator entries = units.entrySet().iterator();
        while (entries.hasNext())
        {
            entries.next();
            out.putLong(entries.getLongKey()).putLong(entries.getLongValue());
        }
    }

    void readFrom(final SnapshotIn in)
    {
        units.clear();
        digest = 0;
        final int count = in.getCount(Integer.MAX_VALUE / 2);
        for (int i = 0; i < count; i++)
        {
            final long key = in.getLong();
            final long value = in.getLong();
            if (value <= 0 || value > Integer.MAX_VALUE)
            {
                throw new CorruptSnapshotException("user units out of range in snapshot: " + value);
            }
            units.put(key, value);
            digest += elementHash(key, value);
        }
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
