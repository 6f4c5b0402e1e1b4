package io.flashsale.engine.state;

import io.flashsale.engine.command.ReservationId;
import io.flashsale.engine.command.ReservationStatus;

import java.util.Arrays;

/**
 * The shard's reservations, as parallel primitive arrays indexed by slot. A reservation's slot is
 * its sequence modulo the capacity, so lookup by id is one array read and no map.
 *
 * <p>Retention: a slot is reused when the sequence comes round again, which forgets the
 * <em>finished</em> (confirmed, cancelled, expired) reservation in it: the book keeps at least the
 * last {@code capacity} reservations of the shard. A slot still HELD is never overwritten: the book
 * doubles instead, so memory is bounded by the holds alive plus the retention window, and steady
 * state allocates nothing.
 */
final class ReservationBook
{
    static final int NONE = -1;

    private final int shardId;
    private int mask;
    private long[] ids;
    private int[] skus;
    private int[] users;
    private int[] quantities;
    private byte[] statuses;
    private long[] createdAts;
    private long[] expiresAts;
    /** Pending hold timer per slot, or NONE. */
    private int[] timers;
    /**
     * Per slot, its element's hash up to the last field, whether a timer is pending: arming a hold's
     * timer (in every hold's life) then rehashes one step instead of the whole element.
     */
    private long[] heads;
    private long nextSequence = 1;
    private int holdsActive;
    /** Sum of {@link #elementHash} over the retained reservations (every slot with an id). */
    private long digest;

    ReservationBook(final int shardId, final int capacity)
    {
        if (Integer.bitCount(capacity) != 1)
        {
            throw new IllegalArgumentException("reservation capacity must be a power of two: " + capacity);
        }
        this.shardId = shardId;
        allocateArrays(capacity);
    }

    int capacity()
    {
        return ids.length;
    }

    long nextSequence()
    {
        return nextSequence;
    }

    int holdsActive()
    {
        return holdsActive;
    }

    /** @return the slot of a new HELD reservation, with the next id of this shard. */
    int place(final int sku, final int user, final int quantity, final long createdAt, final long expiresAt)
    {
        final long sequence = nextSequence++;
        while (ids[(int)(sequence & mask)] != 0 && statuses[(int)(sequence & mask)] == ReservationStatus.HELD.code())
        {
            grow();
        }
        final int slot = (int)(sequence & mask);
        if (ids[slot] != 0)
        {
            digest -= elementHash(slot); // the finished reservation this slot forgets
        }
        ids[slot] = ReservationId.of(shardId, sequence);
        skus[slot] = sku;
        users[slot] = user;
        quantities[slot] = quantity;
        statuses[slot] = ReservationStatus.HELD.code();
        createdAts[slot] = createdAt;
        expiresAts[slot] = expiresAt;
        timers[slot] = NONE;
        holdsActive++;
        heads[slot] = headHash(slot);
        digest += elementHash(slot);
        return slot;
    }

    /** @return the slot, or NONE for an id of another shard, never issued, or no longer retained. */
    int find(final long reservationId)
    {
        if (ReservationId.shardOf(reservationId) != shardId)
        {
            return NONE;
        }
        final long sequence = ReservationId.sequenceOf(reservationId);
        if (sequence < 1 || sequence >= nextSequence)
        {
            return NONE;
        }
        final int slot = (int)(sequence & mask);
        return ids[slot] == reservationId ? slot : NONE;
    }

    /** Moves a HELD reservation to a terminal state. */
    void finish(final int slot, final ReservationStatus status)
    {
        digest -= elementHash(slot);
        statuses[slot] = status.code();
        timers[slot] = NONE;
        holdsActive--;
        heads[slot] = headHash(slot);
        digest += elementHash(slot);
    }

    long id(final int slot)
    {
        return ids[slot];
    }

    int sku(final int slot)
    {
        return skus[slot];
    }

    int user(final int slot)
    {
        return users[slot];
    }

    int quantity(final int slot)
    {
        return quantities[slot];
    }

    ReservationStatus status(final int slot)
    {
        return ReservationStatus.fromCode(statuses[slot]);
    }

    boolean isHeld(final int slot)
    {
        return statuses[slot] == ReservationStatus.HELD.code();
    }

    long createdAt(final int slot)
    {
        return createdAts[slot];
    }

    long expiresAt(final int slot)
    {
        return expiresAts[slot];
    }

    int timer(final int slot)
    {
        return timers[slot];
    }

    void timer(final int slot, final int timerId)
    {
        digest -= elementHash(slot);
        timers[slot] = timerId;
        digest += elementHash(slot);
    }

    /** One reservation's part of the state hash, with whether its hold timer is pending (not the timer's id: bookkeeping). */
    private long elementHash(final int slot)
    {
        return StateHash.element(heads[slot], timers[slot] == NONE ? 0 : 1);
    }

    private long headHash(final int slot)
    {
        long hash = StateHash.element(ids[slot], skus[slot]);
        hash = StateHash.element(hash, users[slot]);
        hash = StateHash.element(hash, quantities[slot]);
        hash = StateHash.element(hash, statuses[slot]);
        hash = StateHash.element(hash, createdAts[slot]);
        return StateHash.element(hash, expiresAts[slot]);
    }

    /** Visits live slots in sequence order, oldest first: the order hashes and snapshots use. */
    void forEachInSequence(final SlotVisitor visitor)
    {
        final long first = Math.max(1, nextSequence - ids.length);
        for (long sequence = first; sequence < nextSequence; sequence++)
        {
            final int slot = (int)(sequence & mask);
            if (ids[slot] == ReservationId.of(shardId, sequence))
            {
                visitor.visit(slot);
            }
        }
    }

    void hashInto(final StateHash hash)
    {
        hash.add(ids.length).add(nextSequence).add(holdsActive).add(digest);
    }

    void writeTo(final SnapshotOut out)
    {
        out.putInt(ids.length).putLong(nextSequence);
        final int countAt = out.position();
        out.putInt(0);
        final int[] count = {0};
        forEachInSequence(slot ->
        {
            out.putLong(ids[slot]).putInt(skus[slot]).putInt(users[slot]).putInt(quantities[slot])
                .putByte(statuses[slot]).putLong(createdAts[slot]).putLong(expiresAts[slot]);
            count[0]++;
        });
        out.buffer().putInt(countAt, count[0]);
    }

    void readFrom(final SnapshotIn in, final int skuCount, final int userCount)
    {
        final int capacity = in.getInt();
        if (Integer.bitCount(capacity) != 1)
        {
            throw new CorruptSnapshotException("reservation capacity is not a power of two: " + capacity);
        }
        allocateArrays(capacity);
        nextSequence = in.getLong();
        holdsActive = 0;
        digest = 0;
        final int count = in.getCount(capacity);
        for (int i = 0; i < count; i++)
        {
            final long id = in.getLong();
            final long sequence = ReservationId.sequenceOf(id);
            final int slot = (int)(sequence & mask);
            ids[slot] = id;
            skus[slot] = in.getInt();
            users[slot] = in.getInt();
            quantities[slot] = in.getInt();
            statuses[slot] = in.getByte();
            createdAts[slot] = in.getLong();
            expiresAts[slot] = in.getLong();
            timers[slot] = NONE;
            if (ReservationId.shardOf(id) != shardId || sequence < 1 || sequence >= nextSequence ||
                skus[slot] < 0 || skus[slot] >= skuCount || users[slot] < 0 || users[slot] >= userCount ||
                quantities[slot] < 1 || ReservationStatus.fromCode(statuses[slot]) == null)
            {
                throw new CorruptSnapshotException("reservation out of range in snapshot: " + id);
            }
            if (isHeld(slot))
            {
                holdsActive++;
            }
            heads[slot] = headHash(slot);
            digest += elementHash(slot);
        }
    }

    /** Doubles the book; each live reservation moves to its slot under the new mask. */
    private void grow()
    {
        final long[] oldIds = ids;
        final int[] oldSkus = skus;
        final int[] oldUsers = users;
        final int[] oldQuantities = quantities;
        final byte[] oldStatuses = statuses;
        final long[] oldCreated = createdAts;
        final long[] oldExpires = expiresAts;
        final int[] oldTimers = timers;
        final long[] oldHeads = heads;
        allocateArrays(oldIds.length * 2);
        for (int old = 0; old < oldIds.length; old++)
        {
            if (oldIds[old] != 0)
            {
                final int slot = (int)(ReservationId.sequenceOf(oldIds[old]) & mask);
                ids[slot] = oldIds[old];
                skus[slot] = oldSkus[old];
                users[slot] = oldUsers[old];
                quantities[slot] = oldQuantities[old];
                statuses[slot] = oldStatuses[old];
                createdAts[slot] = oldCreated[old];
                expiresAts[slot] = oldExpires[old];
                timers[slot] = oldTimers[old];
                heads[slot] = oldHeads[old];
            }
        }
    }

    private void allocateArrays(final int capacity)
    {
        mask = capacity - 1;
        ids = new long[capacity];
        skus = new int[capacity];
        users = new int[capacity];
        quantities = new int[capacity];
        statuses = new byte[capacity];
        createdAts = new long[capacity];
        expiresAts = new long[capacity];
        timers = new int[capacity];
        Arrays.fill(timers, NONE);
        heads = new long[capacity];
    }

    @FunctionalInterface
    interface SlotVisitor
    {
        void visit(int slot);
    }
}
