package io.flashsale.engine.command;

/** Where a SKU's sale stands at the engine's time. */
public enum SaleState
{
    UPCOMING,
    OPEN,
    CLOSED
}
