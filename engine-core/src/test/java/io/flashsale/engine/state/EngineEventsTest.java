package io.flashsale.engine.state;

import io.flashsale.engine.event.AvailabilityChanged;
import io.flashsale.engine.event.HoldCancelled;
import io.flashsale.engine.event.HoldConfirmed;
import io.flashsale.engine.event.HoldEndRestated;
import io.flashsale.engine.event.HoldExpired;
import io.flashsale.engine.event.HoldPlaced;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.flashsale.engine.state.EngineDriver.HOLD_MILLIS;
import static io.flashsale.engine.state.EngineDriver.T0;
import static io.flashsale.engine.state.EngineDriver.product;
import static org.assertj.core.api.Assertions.assertThat;

/** Every event states its facts itself: listeners never ask the engine back. */
class EngineEventsTest
{
    private final List<String> told = new ArrayList<>();
    private EngineDriver driver;

    @BeforeEach
    void setUp()
    {
        driver = new EngineDriver(new ReservationEngine(EngineConfig.small(1), new EngineListener()
        {
            @Override
            public void onHoldPlaced(final HoldPlaced e)
            {
                told.add("placed " + e.sku + " " + e.userIdText() + " " + e.quantity + " at " + (e.at - T0) +
                    " until " + (e.expiresAt - T0));
            }

            @Override
            public void onHoldConfirmed(final HoldConfirmed e)
            {
                told.add("confirmed " + e.userIdText() + " " + e.quantity + " at " + (e.at - T0));
            }

            @Override
            public void onHoldCancelled(final HoldCancelled e)
            {
                told.add("cancelled " + e.userIdText() + " " + e.quantity + " at " + (e.at - T0));
            }

            @Override
            public void onHoldExpired(final HoldExpired e)
            {
                told.add("expired " + e.userIdText() + " by " + e.layer + " at " + (e.at - T0));
            }

            @Override
            public void onHoldEndRestated(final HoldEndRestated e)
            {
                told.add("restated " + e.userIdText() + " " + e.endedAs + " at " + (e.at - T0));
            }

            @Override
            public void onAvailabilityChanged(final AvailabilityChanged e)
            {
                told.add("availability " + e.sku + " " + e.available + "/" + e.held + "/" + e.sold + " of " + e.stock +
                    " " + e.state + " v" + e.version);
            }
        }));
        driver.upsert(product("SKU-A", 5, 4), T0);
        told.clear();
    }

    @Test
    void shouldStateAPlacedHoldsDeadlineAndOwner()
    {
        driver.reserve(0, "alice", 2, T0 + 7);
        assertThat(told).containsExactly("placed SKU-A alice 2 at 7 until " + (7 + HOLD_MILLIS),
            "availability SKU-A 3/2/0 of 5 OPEN v2");
    }

    @Test
    void shouldRestateHowAHoldEndedWhenAnExpireComesAfterIt()
    {
        final long confirmed = driver.reserve(0, "alice", 1, T0).reservationId();
        final long cancelled = driver.reserve(0, "bob", 1, T0).reservationId();
        driver.confirm(confirmed, "alice", T0 + 1);
        driver.cancel(cancelled, "bob", T0 + 2);
        told.clear();

        driver.expire(confirmed, T0 + 3);
        driver.expire(cancelled, T0 + 4);

        assertThat(told).containsExactly("restated alice CONFIRMED at 3", "restated bob CANCELLED at 4");
    }

    @Test
    void shouldTellAnOverdueHoldsExpiryOnceWhetherTheWheelOrTheExpireEndsIt()
    {
        final long held = driver.reserve(0, "carol", 1, T0).reservationId();
        told.clear();

        driver.expire(held, T0 + HOLD_MILLIS + 60_000); // the wheel ends it as time advances: no restatement after
        driver.expire(held, T0 + HOLD_MILLIS + 70_000); // a later EXPIRE restates it

        assertThat(told).hasSize(3);
        assertThat(told.get(0)).startsWith("expired carol by WHEEL");
        assertThat(told.get(1)).startsWith("availability SKU-A 5/0/0");
        assertThat(told.get(2)).startsWith("restated carol EXPIRED");
    }
}
