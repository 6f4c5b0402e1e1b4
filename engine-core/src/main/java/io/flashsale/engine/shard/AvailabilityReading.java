package io.flashsale.engine.shard;

import io.flashsale.engine.command.SaleState;

/** A consistent copy of one SKU's availability, filled by {@link AvailabilityCell#readInto}. Reusable. */
public final class AvailabilityReading
{
    public int stock;
    public int available;
    public int held;
    public int sold;
    public long version;
    public SaleState state;
}
