package io.flashsale.engine.state;

import io.flashsale.engine.command.ReservationStatus;
import io.flashsale.engine.event.AvailabilityChanged;
import io.flashsale.engine.event.HoldCancelled;
import io.flashsale.engine.event.HoldConfirmed;
import io.flashsale.engine.event.HoldEndRestated;
import io.flashsale.engine.event.HoldExpired;
import io.flashsale.engine.event.HoldFact;
import io.flashsale.engine.event.HoldPlaced;
import io.flashsale.engine.event.ProductDefined;

/**
 * Fills the engine's one instance of each event from its state and tells the listener: every fact
 * stated here, once, so listeners never work a rule out again. Logic thread only; allocates nothing.
 */
final class EngineEvents
{
    private final EngineListener listener;
    private final UserDirectory users;
    private final HoldPlaced placed = new HoldPlaced();
    private final HoldConfirmed confirmed = new HoldConfirmed();
    private final HoldCancelled cancelled = new HoldCancelled();
    private final HoldExpired expired = new HoldExpired();
    private final HoldEndRestated restated = new HoldEndRestated();
    private final AvailabilityChanged availability = new AvailabilityChanged();
    private final ProductDefined product = new ProductDefined();

    EngineEvents(final EngineListener listener, final UserDirectory users)
    {
        this.listener = listener;
        this.users = users;
    }

    void holdPlaced(final long reservationId, final SkuState sku, final int user, final int quantity, final long at,
        final long expiresAt)
    {
        fill(placed, reservationId, sku, user, quantity, at);
        placed.expiresAt = expiresAt;
        listener.onHoldPlaced(placed);
    }

    void holdConfirmed(final long reservationId, final SkuState sku, final int user, final int quantity, final long at)
    {
        listener.onHoldConfirmed(fill(confirmed, reservationId, sku, user, quantity, at));
    }

    void holdCancelled(final long reservationId, final SkuState sku, final int user, final int quantity, final long at)
    {
        listener.onHoldCancelled(fill(cancelled, reservationId, sku, user, quantity, at));
    }

    void holdExpired(final long reservationId, final SkuState sku, final int user, final int quantity, final long at,
        final ExpiryLayer layer)
    {
        fill(expired, reservationId, sku, user, quantity, at);
        expired.layer = layer;
        listener.onHoldExpired(expired);
    }

    void holdEndRestated(final long reservationId, final SkuState sku, final int user, final int quantity, final long at,
        final ReservationStatus endedAs)
    {
        fill(restated, reservationId, sku, user, quantity, at);
        restated.endedAs = endedAs;
        listener.onHoldEndRestated(restated);
    }

    void availabilityChanged(final SkuState sku)
    {
        availability.skuIndex = sku.index();
        availability.sku = sku.sku();
        availability.stock = sku.stock();
        availability.available = sku.available();
        availability.held = sku.held();
        availability.sold = sku.sold();
        availability.state = sku.saleState();
        availability.version = sku.version();
        listener.onAvailabilityChanged(availability);
    }

    /** A definition, then the availability it starts with. */
    void productDefined(final SkuState sku)
    {
        product.skuIndex = sku.index();
        product.product = sku.product();
        listener.onProductDefined(product);
        availabilityChanged(sku);
    }

    private <E extends HoldFact> E fill(final E event, final long reservationId, final SkuState sku, final int user,
        final int quantity, final long at)
    {
        event.reservationId = reservationId;
        event.skuIndex = sku.index();
        event.sku = sku.sku();
        event.userIdLength = users.copyUserId(user, event.userId);
        event.quantity = quantity;
        event.at = at;
        return event;
    }
}
