package io.flashsale.engine.shard;

import io.flashsale.engine.command.SaleState;
import io.flashsale.engine.event.AvailabilityChanged;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One SKU's availability as the business-logic thread last published it, readable from any thread
 * without touching the ring and without a lock: a sequence lock. The single writer makes the
 * sequence odd, writes the fields, makes it even again; a reader retries if the sequence was odd or
 * moved while it read. Neither side allocates.
 */
public final class AvailabilityCell
{
    private static final VarHandle SEQUENCE;

    static
    {
        try
        {
            SEQUENCE = MethodHandles.lookup().findVarHandle(AvailabilityCell.class, "sequence", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    @SuppressWarnings("unused") // accessed through SEQUENCE
    private volatile long sequence;
    private int stock;
    private int available;
    private int held;
    private int sold;
    private long version;
    private SaleState state = SaleState.UPCOMING;

    /** Business-logic thread only. */
    public void publish(final AvailabilityChanged sku)
    {
        final long start = (long)SEQUENCE.getOpaque(this);
        SEQUENCE.setOpaque(this, start + 1);
        VarHandle.storeStoreFence();
        stock = sku.stock;
        available = sku.available;
        held = sku.held;
        sold = sku.sold;
        version = sku.version;
        state = sku.state;
        SEQUENCE.setRelease(this, start + 2);
    }

    /** Any thread: copies a consistent view into {@code into}. */
    public void readInto(final AvailabilityReading into)
    {
        while (true)
        {
            final long before = (long)SEQUENCE.getAcquire(this);
            if ((before & 1) == 0)
            {
                into.stock = stock;
                into.available = available;
                into.held = held;
                into.sold = sold;
                into.version = version;
                into.state = state;
                VarHandle.loadLoadFence();
                if ((long)SEQUENCE.getOpaque(this) == before)
                {
                    return;
                }
            }
            Thread.onSpinWait();
        }
    }

    public AvailabilityReading read()
    {
        final AvailabilityReading reading = new AvailabilityReading();
        readInto(reading);
        return reading;
    }

    /** Any thread: the version alone, for cheap change detection (live streams). */
    public long version()
    {
        while (true)
        {
            final long before = (long)SEQUENCE.getAcquire(this);
            final long seen = version;
            VarHandle.loadLoadFence();
            if ((before & 1) == 0 && (long)SEQUENCE.getOpaque(this) == before)
            {
                return seen;
            }
            Thread.onSpinWait();
        }
    }
}
