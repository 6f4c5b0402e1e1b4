package io.flashsale.engine.event;

import io.flashsale.engine.command.SaleState;

/**
 * A SKU's counts, sale state or version changed (or it was defined, or loaded from a snapshot).
 * {@code available + held + sold == stock}; {@code version} rises with every change of the SKU.
 * Reused like the hold events.
 */
public final class AvailabilityChanged
{
    public int skuIndex;
    public String sku;
    public int stock;
    public int available;
    public int held;
    public int sold;
    public SaleState state;
    public long version;
}
