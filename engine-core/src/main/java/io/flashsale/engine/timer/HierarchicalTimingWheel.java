package io.flashsale.engine.timer;

import io.flashsale.engine.command.KeyHash;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.util.Arrays;

/**
 * A hierarchical timing wheel (Varghese and Lauck; Kafka's purgatory and the Linux timer wheel are
 * the same idea): level 0 has one bucket per tick, each higher level's bucket spans a whole
 * revolution of the level below, so a two-minute hold sits in a coarse bucket and cascades down as
 * its time nears. Schedule and cancel are O(1); advancing costs one bucket visit per tick that holds
 * timers plus the cascades, and skips whole level-0 revolutions while level 0 is empty.
 *
 * <p>No allocation per timer: timers are nodes in preallocated parallel arrays linked into
 * doubly-linked bucket lists by index; the pool doubles only when it runs out. Timer ids are node
 * indexes and are reused once a timer has fired or been cancelled.
 *
 * <p>Expiry is exact, not rounded to a tick: {@link #advanceTo} fires every timer whose deadline is
 * at or before the given time, scanning the current tick's bucket for the ones already due.
 *
 * <p>Single-threaded: owned by the business-logic thread. Handlers must not schedule or cancel.
 */
public final class HierarchicalTimingWheel
{
    public static final int NO_TIMER = -1;
    private static final int NONE = -1;
    private static final int SNAPSHOT_MAGIC = 0x57484C31; // "WHL1"

    private final long tickMillis;
    /** log2 of tickMillis: ticks are shifts, never divisions, on the per-command path. */
    private final int tickShift;
    private final int slotBits;
    private final int slotMask;
    private final int levels;
    private final int[] bucketHead;
    private final int[] bucketTail;
    private final int[] timersInLevel;

    private long[] deadlines;
    private long[] payloads;
    private int[] next;
    private int[] prev;
    /** The bucket a node is linked into, or NONE when the node is free. */
    private int[] bucketOf;
    private int freeHead = NONE;
    private int timerCount;
    private long currentTick;
    private boolean firing;
    /** Sum over pending timers of a hash of (bucket, deadline, payload), kept as timers are linked and unlinked. */
    private long digest;

    /**
     * @param tickMillis      the level-0 resolution in milliseconds, a power of two.
     * @param slotBits        log2 of the buckets per level (8 gives 256).
     * @param initialCapacity timers preallocated before the pool first grows.
     * @param startTime       epoch milliseconds the wheel starts at.
     */
    public HierarchicalTimingWheel(final long tickMillis, final int slotBits, final int initialCapacity, final long startTime)
    {
        if (tickMillis < 1 || Long.bitCount(tickMillis) != 1)
        {
            throw new IllegalArgumentException("tickMillis must be a power of two >= 1: " + tickMillis);
        }
        if (slotBits < 2 || slotBits > 16)
        {
            throw new IllegalArgumentException("slotBits must be in 2..16: " + slotBits);
        }
        if (initialCapacity < 1)
        {
            throw new IllegalArgumentException("initialCapacity must be >= 1: " + initialCapacity);
        }
        this.tickMillis = tickMillis;
        this.tickShift = Long.numberOfTrailingZeros(tickMillis);
        this.slotBits = slotBits;
        this.slotMask = (1 << slotBits) - 1;
        this.levels = (64 + slotBits - 1) / slotBits;
        this.bucketHead = new int[levels << slotBits];
        this.bucketTail = new int[levels << slotBits];
        this.timersInLevel = new int[levels];
        Arrays.fill(bucketHead, NONE);
        Arrays.fill(bucketTail, NONE);
        deadlines = new long[0];
        payloads = new long[0];
        next = new int[0];
        prev = new int[0];
        bucketOf = new int[0];
        growPool(initialCapacity);
        currentTick = startTime >> tickShift;
    }

    public long tickMillis()
    {
        return tickMillis;
    }

    public int timerCount()
    {
        return timerCount;
    }

    /** The pending timers as one number, equal for wheels holding the same timers in the same buckets: O(1). */
    public long digest()
    {
        return digest;
    }

    /** The wheel's time in ticks: every bucket before it has been fired. */
    public long currentTick()
    {
        return currentTick;
    }

    public int capacity()
    {
        return deadlines.length;
    }

    /**
     * @return the timer's id, valid until the timer fires or is cancelled.
     */
    public int schedule(final long deadline, final long payload)
    {
        checkNotFiring();
        final int id = takeNode(deadline, payload);
        place(id);
        return id;
    }

    /**
     * @return true when the timer was pending and is now gone; false for an unknown or spent id.
     */
    public boolean cancel(final int timerId)
    {
        checkNotFiring();
        if (timerId < 0 || timerId >= bucketOf.length || bucketOf[timerId] == NONE)
        {
            return false;
        }
        unlink(timerId);
        release(timerId);
        timerCount--;
        return true;
    }

    /**
     * Fires, in bucket order, every timer whose deadline is at or before {@code now}.
     *
     * @return how many fired.
     */
    public int advanceTo(final long now, final TimerHandler handler)
    {
        final long nowTick = now >> tickShift;
        int fired = 0;
        while (currentTick < nowTick)
        {
            fired += fireBucket(bucketIndex(0, currentTick), Long.MAX_VALUE, handler);
            if (timerCount == 0)
            {
                currentTick = nowTick;
                break;
            }
            currentTick = timersInLevel[0] == 0 ? Math.min((currentTick | slotMask) + 1, nowTick) : currentTick + 1;
            if ((currentTick & slotMask) == 0)
            {
                cascade(currentTick);
            }
        }
        if (timerCount > 0)
        {
            fired += fireBucket(bucketIndex(0, currentTick), now, handler);
        }
        return fired;
    }

    /** Visits every pending timer in bucket order, the order the snapshot keeps. */
    public void forEach(final TimerVisitor visitor)
    {
        for (int bucket = 0; bucket < bucketHead.length; bucket++)
        {
            for (int id = bucketHead[bucket]; id != NONE; id = next[id])
            {
                visitor.visit(bucket, deadlines[id], payloads[id]);
            }
        }
    }

    /**
     * Writes the wheel so that {@link #readFrom} rebuilds the same buckets in the same order.
     *
     * <pre>
     *  int magic | long tickMillis | int slotBits | long currentTick | int timerCount
     *  timerCount x ( int bucket | long deadline | long payload )
     * </pre>
     *
     * @return the offset just past what was written.
     */
    public int writeTo(final MutableDirectBuffer buffer, final int offset)
    {
        int at = offset;
        buffer.putInt(at, SNAPSHOT_MAGIC);
        buffer.putLong(at + 4, tickMillis);
        buffer.putInt(at + 12, slotBits);
        buffer.putLong(at + 16, currentTick);
        buffer.putInt(at + 24, timerCount);
        at += 28;
        for (int bucket = 0; bucket < bucketHead.length; bucket++)
        {
            for (int id = bucketHead[bucket]; id != NONE; id = next[id])
            {
                buffer.putInt(at, bucket);
                buffer.putLong(at + 4, deadlines[id]);
                buffer.putLong(at + 12, payloads[id]);
                at += 20;
            }
        }
        return at;
    }

    /**
     * Replaces this wheel's timers with those written by {@link #writeTo}.
     *
     * @param restored told each timer's new id and payload, so owners can store the ids.
     * @return the offset just past what was read.
     */
    public int readFrom(final DirectBuffer buffer, final int offset, final RestoredTimerListener restored)
    {
        if (buffer.getInt(offset) != SNAPSHOT_MAGIC)
        {
            throw new IllegalStateException("not a timing wheel snapshot at offset " + offset);
        }
        if (buffer.getLong(offset + 4) != tickMillis || buffer.getInt(offset + 12) != slotBits)
        {
            throw new IllegalStateException("snapshot wheel geometry differs from this wheel's");
        }
        clear();
        currentTick = buffer.getLong(offset + 16);
        final int count = buffer.getInt(offset + 24);
        int at = offset + 28;
        for (int i = 0; i < count; i++)
        {
            final int bucket = buffer.getInt(at);
            final long deadline = buffer.getLong(at + 4);
            final long payload = buffer.getLong(at + 12);
            at += 20;
            if (bucket < 0 || bucket >= bucketHead.length)
            {
                throw new IllegalStateException("bucket out of range in wheel snapshot: " + bucket);
            }
            final int id = takeNode(deadline, payload);
            append(id, bucket);
            restored.onTimerRestored(id, payload);
        }
        return at;
    }

    /** Drops every timer; the time stays where it is. */
    public void clear()
    {
        for (int bucket = 0; bucket < bucketHead.length; bucket++)
        {
            while (bucketHead[bucket] != NONE)
            {
                final int id = bucketHead[bucket];
                unlink(id);
                release(id);
            }
        }
        timerCount = 0;
    }

    private int fireBucket(final int bucket, final long limit, final TimerHandler handler)
    {
        int fired = 0;
        int id = bucketHead[bucket];
        firing = true;
        try
        {
            while (id != NONE)
            {
                final int following = next[id];
                final long deadline = deadlines[id];
                if (deadline <= limit)
                {
                    final long payload = payloads[id];
                    unlink(id);
                    release(id);
                    timerCount--;
                    fired++;
                    handler.onTimerExpired(payload, deadline);
                }
                id = following;
            }
        }
        finally
        {
            firing = false;
        }
        return fired;
    }

    /** Moves every timer of the higher-level buckets that start at {@code tick} down a level or more. */
    private void cascade(final long tick)
    {
        for (int level = 1; level < levels; level++)
        {
            final int shift = slotBits * level;
            if (shift < 64 && (tick & ((1L << shift) - 1)) != 0)
            {
                return;
            }
            final int bucket = bucketIndex(level, tick);
            while (bucketHead[bucket] != NONE)
            {
                final int id = bucketHead[bucket];
                unlink(id);
                place(id);
            }
        }
    }

    private void place(final int id)
    {
        final long deadlineTick = Math.max(deadlines[id] >> tickShift, currentTick);
        final long delta = deadlineTick - currentTick;
        int level = 0;
        while (level < levels - 1 && (delta >>> (slotBits * (level + 1))) != 0)
        {
            level++;
        }
        append(id, bucketIndex(level, deadlineTick));
    }

    private int bucketIndex(final int level, final long tick)
    {
        final int shift = slotBits * level;
        final int slot = shift >= 64 ? 0 : (int)((tick >>> shift) & slotMask);
        return (level << slotBits) | slot;
    }

    private void append(final int id, final int bucket)
    {
        final int tail = bucketTail[bucket];
        prev[id] = tail;
        next[id] = NONE;
        if (tail == NONE)
        {
            bucketHead[bucket] = id;
        }
        else
        {
            next[tail] = id;
        }
        bucketTail[bucket] = id;
        bucketOf[id] = bucket;
        timersInLevel[bucket >>> slotBits]++;
        digest += timerHash(id, bucket);
    }

    private long timerHash(final int id, final int bucket)
    {
        return KeyHash.combine(KeyHash.combine(bucket, deadlines[id]), payloads[id]);
    }

    private void unlink(final int id)
    {
        final int bucket = bucketOf[id];
        final int before = prev[id];
        final int after = next[id];
        if (before == NONE)
        {
            bucketHead[bucket] = after;
        }
        else
        {
            next[before] = after;
        }
        if (after == NONE)
        {
            bucketTail[bucket] = before;
        }
        else
        {
            prev[after] = before;
        }
        timersInLevel[bucket >>> slotBits]--;
        bucketOf[id] = NONE;
        digest -= timerHash(id, bucket);
    }

    private int takeNode(final long deadline, final long payload)
    {
        if (freeHead == NONE)
        {
            growPool(deadlines.length * 2);
        }
        final int id = freeHead;
        freeHead = next[id];
        deadlines[id] = deadline;
        payloads[id] = payload;
        timerCount++;
        return id;
    }

    private void release(final int id)
    {
        next[id] = freeHead;
        prev[id] = NONE;
        freeHead = id;
    }

    private void growPool(final int newCapacity)
    {
        final int oldCapacity = deadlines.length;
        deadlines = Arrays.copyOf(deadlines, newCapacity);
        payloads = Arrays.copyOf(payloads, newCapacity);
        next = Arrays.copyOf(next, newCapacity);
        prev = Arrays.copyOf(prev, newCapacity);
        bucketOf = Arrays.copyOf(bucketOf, newCapacity);
        for (int id = newCapacity - 1; id >= oldCapacity; id--)
        {
            bucketOf[id] = NONE;
            release(id);
        }
    }

    private void checkNotFiring()
    {
        if (firing)
        {
            throw new IllegalStateException("a timer handler may not schedule or cancel");
        }
    }
}
