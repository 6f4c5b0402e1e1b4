package io.flashsale.engine.state;

/**
 * What the engine tells the world, called on the business-logic thread as it happens (the
 * outbound side of the state-machine boundary). Events are past tense; the arguments are
 * primitives so telling allocates nothing. Implementations must not throw and must not block.
 */
public interface EngineListener
{
    EngineListener NONE = new EngineListener()
    {
    };

    default void onHoldPlaced(long reservationId, SkuState sku, int userIndex, int quantity, long at)
    {
    }

    default void onHoldConfirmed(long reservationId, SkuState sku, int userIndex, int quantity, long at)
    {
    }

    default void onHoldCancelled(long reservationId, SkuState sku, int userIndex, int quantity, long at)
    {
    }

    default void onHoldExpired(long reservationId, SkuState sku, int userIndex, int quantity, long at, ExpiryLayer layer)
    {
    }

    /** The SKU's counts, version or sale state changed: read them from {@code sku}. */
    default void onAvailabilityChanged(SkuState sku)
    {
    }

    /** A product was created or redefined by UPSERT_PRODUCT (or loaded from a snapshot). */
    default void onProductDefined(SkuState sku)
    {
    }
}
