package io.flashsale.engine.state;

import io.flashsale.engine.event.AvailabilityChanged;
import io.flashsale.engine.event.HoldCancelled;
import io.flashsale.engine.event.HoldConfirmed;
import io.flashsale.engine.event.HoldEndRestated;
import io.flashsale.engine.event.HoldExpired;
import io.flashsale.engine.event.HoldPlaced;
import io.flashsale.engine.event.ProductDefined;

/**
 * What the engine tells the world, called on the business-logic thread as it happens (the
 * outbound side of the state-machine boundary). Events are past tense and self-contained: each
 * carries every fact a listener needs in primitive fields, filled into an instance the engine
 * reuses, so telling allocates nothing and no listener calls back into the engine. A listener
 * reads the event during the call only, must not throw and must not block.
 */
public interface EngineListener
{
    EngineListener NONE = new EngineListener()
    {
    };

    default void onHoldPlaced(HoldPlaced event)
    {
    }

    default void onHoldConfirmed(HoldConfirmed event)
    {
    }

    default void onHoldCancelled(HoldCancelled event)
    {
    }

    default void onHoldExpired(HoldExpired event)
    {
    }

    default void onHoldEndRestated(HoldEndRestated event)
    {
    }

    default void onAvailabilityChanged(AvailabilityChanged event)
    {
    }

    default void onProductDefined(ProductDefined event)
    {
    }
}
