package io.flashsale.engine.state;

import io.flashsale.engine.command.ProductDefinition;
import io.flashsale.engine.command.ReservationId;
import io.flashsale.engine.event.AvailabilityChanged;
import io.flashsale.engine.event.HoldCancelled;
import io.flashsale.engine.event.HoldConfirmed;
import io.flashsale.engine.event.HoldEndRestated;
import io.flashsale.engine.event.HoldExpired;
import io.flashsale.engine.event.HoldFact;
import io.flashsale.engine.event.HoldPlaced;
import io.flashsale.engine.event.ProductDefined;

import java.util.ArrayList;
import java.util.List;

/**
 * Renders every event as a golden-file line while it is told (the events are reused flyweights, so
 * they are read during the call), with every field a store or publisher acts on.
 */
final class EventRecorder implements EngineListener
{
    private final List<String> told = new ArrayList<>();

    /** @return the events told since the last call, in order. */
    List<String> drain()
    {
        final List<String> drained = List.copyOf(told);
        told.clear();
        return drained;
    }

    @Override
    public void onHoldPlaced(final HoldPlaced event)
    {
        told.add(hold("HoldPlaced", event) + " expiresAt=" + GoldenNotation.time(event.expiresAt));
    }

    @Override
    public void onHoldConfirmed(final HoldConfirmed event)
    {
        told.add(hold("HoldConfirmed", event));
    }

    @Override
    public void onHoldCancelled(final HoldCancelled event)
    {
        told.add(hold("HoldCancelled", event));
    }

    @Override
    public void onHoldExpired(final HoldExpired event)
    {
        told.add(hold("HoldExpired", event) + " layer=" + event.layer);
    }

    @Override
    public void onHoldEndRestated(final HoldEndRestated event)
    {
        told.add(hold("HoldEndRestated", event) + " endedAs=" + event.endedAs);
    }

    @Override
    public void onAvailabilityChanged(final AvailabilityChanged event)
    {
        told.add("AvailabilityChanged " + GoldenNotation.sku(event.sku, event.skuIndex) + " available=" + event.available +
            " held=" + event.held + " sold=" + event.sold + " stock=" + event.stock + " state=" + event.state +
            " version=" + event.version);
    }

    @Override
    public void onProductDefined(final ProductDefined event)
    {
        final ProductDefinition product = event.product;
        told.add("ProductDefined " + GoldenNotation.sku(product.sku(), event.skuIndex) + " stock=" + product.stock() +
            " limit=" + product.perUserLimit() + " hold=" + product.holdSeconds() + "s start=" +
            GoldenNotation.time(product.saleStart()) + " end=" + GoldenNotation.time(product.saleEnd()) +
            " price=" + product.priceCents());
    }

    private static String hold(final String name, final HoldFact event)
    {
        return name + " id=" + ReservationId.toText(event.reservationId) + " " +
            GoldenNotation.sku(event.sku, event.skuIndex) + " user=" + event.userIdText() + " qty=" + event.quantity +
            " at=" + GoldenNotation.time(event.at);
    }
}
