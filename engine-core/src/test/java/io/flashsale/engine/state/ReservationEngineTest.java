package io.flashsale.engine.state;

import io.flashsale.engine.command.Command;
import io.flashsale.engine.command.ProductDefinition;
import io.flashsale.engine.command.ReservationId;
import io.flashsale.engine.command.ReservationStatus;
import io.flashsale.engine.command.ResultCode;
import io.flashsale.engine.command.SaleState;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.flashsale.engine.state.EngineDriver.HOLD_MILLIS;
import static io.flashsale.engine.state.EngineDriver.T0;
import static io.flashsale.engine.state.EngineDriver.bytes;
import static io.flashsale.engine.state.EngineDriver.product;
import static org.assertj.core.api.Assertions.assertThat;

class ReservationEngineTest
{
    private EngineDriver driver;

    @BeforeEach
    void setUp()
    {
        driver = new EngineDriver(EngineConfig.small(3));
        assertThat(driver.upsert(product("SKU-A", 10, 4), T0).ok()).isTrue();
        assertThat(driver.upsert(product("SKU-B", 2, 2), T0).ok()).isTrue();
    }

    private void assertConserved()
    {
        for (int i = 0; i < driver.engine.skuCount(); i++)
        {
            final SkuState sku = driver.sku(i);
            assertThat(sku.available() + sku.held() + sku.sold()).as(sku.sku()).isEqualTo(sku.stock());
            assertThat(sku.available()).isNotNegative();
        }
    }

    @Nested
    class Reserve
    {
        @Test
        void shouldHoldUnitsForTheProductsHoldTime()
        {
            final var outcome = driver.reserve(0, "alice", 3, T0 + 5);

            assertThat(outcome.result()).isEqualTo(ResultCode.OK);
            assertThat(outcome.status()).isEqualTo(ReservationStatus.HELD);
            assertThat(outcome.quantity()).isEqualTo(3);
            assertThat(outcome.createdAt()).isEqualTo(T0 + 5);
            assertThat(outcome.expiresAt()).isEqualTo(T0 + 5 + HOLD_MILLIS);
            assertThat(driver.sku(0).available()).isEqualTo(7);
            assertThat(driver.sku(0).held()).isEqualTo(3);
            assertThat(driver.units("alice", 0)).isEqualTo(3);
            assertConserved();
        }

        @Test
        void shouldGiveDeterministicShardPrefixedIds()
        {
            final long first = driver.reserve(0, "alice", 1, T0).reservationId();
            final long second = driver.reserve(0, "bob", 1, T0).reservationId();

            assertThat(ReservationId.shardOf(first)).isEqualTo(3);
            assertThat(ReservationId.sequenceOf(first)).isEqualTo(1);
            assertThat(ReservationId.sequenceOf(second)).isEqualTo(2);
            assertThat(ReservationId.toText(second)).isEqualTo("3-2");
        }

        @Test
        void shouldRefuseMoreThanAvailableAsSoldOut()
        {
            driver.reserve(1, "alice", 2, T0);

            assertThat(driver.reserve(1, "bob", 1, T0).result()).isEqualTo(ResultCode.SOLD_OUT);
            assertThat(driver.sku(1).held()).isEqualTo(2);
            assertConserved();
        }

        @Test
        void shouldRefusePassingThePerUserLimitCountingHeldAndConfirmed()
        {
            final long held = driver.reserve(0, "alice", 2, T0).reservationId();
            driver.confirm(held, "alice", T0 + 1);
            driver.reserve(0, "alice", 2, T0 + 2);

            assertThat(driver.reserve(0, "alice", 1, T0 + 3).result()).isEqualTo(ResultCode.LIMIT_EXCEEDED);
            assertThat(driver.reserve(0, "bob", 5, T0 + 3).result()).isEqualTo(ResultCode.LIMIT_EXCEEDED);
            assertThat(driver.units("alice", 0)).isEqualTo(4);
        }

        @Test
        void shouldFreeTheUserLimitWhenAHoldIsCancelled()
        {
            final long id = driver.reserve(0, "alice", 4, T0).reservationId();
            driver.cancel(id, "alice", T0 + 1);

            assertThat(driver.reserve(0, "alice", 4, T0 + 2).ok()).isTrue();
        }

        @Test
        void shouldRefuseBeforeSaleStartAndAfterSaleEnd()
        {
            driver.upsert(new ProductDefinition("SKU-C", "c", "c", "c", 1, 5, 2, 120, T0 + 1000, T0 + 2000), T0);

            assertThat(driver.reserve(2, "alice", 1, T0 + 999).result()).isEqualTo(ResultCode.SALE_NOT_OPEN);
            assertThat(driver.reserve(2, "alice", 1, T0 + 1000).result()).isEqualTo(ResultCode.OK);
            assertThat(driver.reserve(2, "bob", 1, T0 + 2000).result()).isEqualTo(ResultCode.SALE_NOT_OPEN);
        }

        @Test
        void shouldRefuseAfterTheSaleIsClosed()
        {
            final long version = driver.sku(0).version();
            driver.close(0, T0 + 1);

            assertThat(driver.sku(0).saleState()).isEqualTo(SaleState.CLOSED);
            assertThat(driver.sku(0).version()).isGreaterThan(version);
            assertThat(driver.reserve(0, "alice", 1, T0 + 2).result()).isEqualTo(ResultCode.SALE_NOT_OPEN);
        }

        @Test
        void shouldAnswerNotFoundForAnUnknownSku()
        {
            assertThat(driver.reserve(7, "alice", 1, T0).result()).isEqualTo(ResultCode.NOT_FOUND);
            assertThat(driver.reserve(-1, "alice", 1, T0).result()).isEqualTo(ResultCode.NOT_FOUND);
        }

        @Test
        void shouldRefuseQuantityBelowOne()
        {
            assertThat(driver.reserve(0, "alice", 0, T0).result()).isEqualTo(ResultCode.INVALID_REQUEST);
            assertThat(driver.reserve(0, "alice", -3, T0).result()).isEqualTo(ResultCode.INVALID_REQUEST);
            assertThat(driver.sku(0).available()).isEqualTo(10);
        }
    }

    @Nested
    class Idempotency
    {
        @Test
        void shouldReplayTheFirstAnswerAndNeverHoldTwice()
        {
            final var first = driver.reserve(0, "alice", 2, T0, "key-1");
            final var again = driver.reserve(0, "alice", 2, T0 + 10, "key-1");

            assertThat(again.result()).isEqualTo(ResultCode.OK);
            assertThat(again.reservationId()).isEqualTo(first.reservationId());
            assertThat(again.replay()).isTrue();
            assertThat(driver.sku(0).held()).isEqualTo(2);
        }

        @Test
        void shouldReplayARejectionEvenWhenStockCameBack()
        {
            final long blocker = driver.reserve(1, "bob", 2, T0).reservationId();
            assertThat(driver.reserve(1, "alice", 1, T0, "k").result()).isEqualTo(ResultCode.SOLD_OUT);
            driver.cancel(blocker, "bob", T0 + 1);

            assertThat(driver.reserve(1, "alice", 1, T0 + 2, "k").result()).isEqualTo(ResultCode.SOLD_OUT);
            assertThat(driver.reserve(1, "alice", 1, T0 + 2, "k2").result()).isEqualTo(ResultCode.OK);
        }

        @Test
        void shouldKeepKeysPerUser()
        {
            final long alice = driver.reserve(0, "alice", 1, T0, "same").reservationId();
            final long bob = driver.reserve(0, "bob", 1, T0, "same").reservationId();

            assertThat(bob).isNotEqualTo(alice);
            assertThat(driver.sku(0).held()).isEqualTo(2);
        }

        @Test
        void shouldForgetTheOldestKeyOnceRetentionIsFull()
        {
            final EngineDriver small = new EngineDriver(EngineConfig.small(0).withCapacities(64, 4));
            small.upsert(product("X", 1000, 1000), T0);
            final long first = small.reserve(0, "alice", 1, T0, "k0").reservationId();
            for (int i = 1; i <= 4; i++)
            {
                small.reserve(0, "alice", 1, T0, "k" + i);
            }

            final var afterEviction = small.reserve(0, "alice", 1, T0, "k0");
            assertThat(afterEviction.replay()).isFalse();
            assertThat(afterEviction.reservationId()).isNotEqualTo(first);
            assertThat(small.reserve(0, "alice", 1, T0, "k4").replay()).isTrue();
        }
    }

    @Nested
    class ConfirmAndCancel
    {
        @Test
        void shouldSellTheUnitsOnConfirm()
        {
            final long id = driver.reserve(0, "alice", 3, T0).reservationId();
            final var outcome = driver.confirm(id, "alice", T0 + 1000);

            assertThat(outcome.result()).isEqualTo(ResultCode.OK);
            assertThat(outcome.status()).isEqualTo(ReservationStatus.CONFIRMED);
            assertThat(driver.sku(0).sold()).isEqualTo(3);
            assertThat(driver.sku(0).held()).isZero();
            assertThat(driver.engine.timersPending()).isZero();
            assertConserved();
        }

        @Test
        void shouldReturnTheUnitsOnCancel()
        {
            final long id = driver.reserve(0, "alice", 3, T0).reservationId();
            final var outcome = driver.cancel(id, "alice", T0 + 1000);

            assertThat(outcome.status()).isEqualTo(ReservationStatus.CANCELLED);
            assertThat(driver.sku(0).available()).isEqualTo(10);
            assertThat(driver.units("alice", 0)).isZero();
            assertThat(driver.engine.timersPending()).isZero();
        }

        @Test
        void shouldRefuseAReservationThatIsNoLongerHeldAsInvalidState()
        {
            final long confirmed = driver.reserve(0, "alice", 1, T0).reservationId();
            driver.confirm(confirmed, "alice", T0);
            final long cancelled = driver.reserve(0, "alice", 1, T0).reservationId();
            driver.cancel(cancelled, "alice", T0);

            assertThat(driver.confirm(confirmed, "alice", T0).result()).isEqualTo(ResultCode.INVALID_STATE);
            assertThat(driver.cancel(confirmed, "alice", T0).result()).isEqualTo(ResultCode.INVALID_STATE);
            assertThat(driver.confirm(cancelled, "alice", T0).result()).isEqualTo(ResultCode.INVALID_STATE);
            assertThat(driver.cancel(cancelled, "alice", T0).result()).isEqualTo(ResultCode.INVALID_STATE);
            assertConserved();
        }

        @Test
        void shouldHideOthersReservationsAsNotFound()
        {
            final long id = driver.reserve(0, "alice", 1, T0).reservationId();
            driver.reserve(0, "bob", 1, T0);

            assertThat(driver.confirm(id, "bob", T0).result()).isEqualTo(ResultCode.NOT_FOUND);
            assertThat(driver.cancel(id, "bob", T0).result()).isEqualTo(ResultCode.NOT_FOUND);
            assertThat(driver.confirm(id, "mallory", T0).result()).isEqualTo(ResultCode.NOT_FOUND);
            assertThat(driver.sku(0).held()).isEqualTo(2);
        }

        @Test
        void shouldAnswerNotFoundForUnknownIdsAndOtherShards()
        {
            driver.reserve(0, "alice", 1, T0);

            assertThat(driver.confirm(ReservationId.of(3, 99), "alice", T0).result()).isEqualTo(ResultCode.NOT_FOUND);
            assertThat(driver.confirm(ReservationId.of(4, 1), "alice", T0).result()).isEqualTo(ResultCode.NOT_FOUND);
            assertThat(driver.cancel(0, "alice", T0).result()).isEqualTo(ResultCode.NOT_FOUND);
        }

        @Test
        void shouldAnswerHoldExpiredAfterExpiresAt()
        {
            final long id = driver.reserve(0, "alice", 2, T0).reservationId();

            assertThat(driver.confirm(id, "alice", T0 + HOLD_MILLIS).result()).isEqualTo(ResultCode.HOLD_EXPIRED);
            assertThat(driver.cancel(id, "alice", T0 + HOLD_MILLIS).result()).isEqualTo(ResultCode.HOLD_EXPIRED);
            assertThat(driver.sku(0).available()).isEqualTo(10);
        }

        @Test
        void shouldStillConfirmOneMillisecondBeforeExpiry()
        {
            final long id = driver.reserve(0, "alice", 2, T0).reservationId();

            assertThat(driver.confirm(id, "alice", T0 + HOLD_MILLIS - 1).result()).isEqualTo(ResultCode.OK);
        }
    }

    @Nested
    class Expiry
    {
        @Test
        void shouldExpireByTheWheelWhenTimePasses()
        {
            driver.reserve(0, "alice", 2, T0);
            driver.tick(T0 + HOLD_MILLIS - 1);
            assertThat(driver.sku(0).held()).isEqualTo(2);

            driver.tick(T0 + HOLD_MILLIS);

            assertThat(driver.sku(0).held()).isZero();
            assertThat(driver.sku(0).available()).isEqualTo(10);
            assertThat(driver.units("alice", 0)).isZero();
            assertThat(driver.engine.expiries(ExpiryLayer.WHEEL)).isEqualTo(1);
        }

        @Test
        void shouldExpireLazilyWhenTheWheelIsOff()
        {
            final EngineDriver lazy = new EngineDriver(EngineConfig.small(0).withExpiryLayers(false, true));
            lazy.upsert(product("X", 5, 5), T0);
            final long id = lazy.reserve(0, "alice", 2, T0).reservationId();
            lazy.tick(T0 + HOLD_MILLIS * 2);
            assertThat(lazy.sku(0).held()).isEqualTo(2);

            assertThat(lazy.confirm(id, "alice", T0 + HOLD_MILLIS * 2).result()).isEqualTo(ResultCode.HOLD_EXPIRED);
            assertThat(lazy.sku(0).available()).isEqualTo(5);
            assertThat(lazy.engine.expiries(ExpiryLayer.LAZY)).isEqualTo(1);
            assertThat(lazy.engine.expiries(ExpiryLayer.WHEEL)).isZero();
        }

        @Test
        void shouldLeaveOverdueHoldsToTheSweeperWhenBothLayersAreOff()
        {
            final EngineDriver off = new EngineDriver(EngineConfig.small(0).withExpiryLayers(false, false));
            off.upsert(product("X", 5, 5), T0);
            final long id = off.reserve(0, "alice", 2, T0).reservationId();

            assertThat(off.expire(id, T0 + HOLD_MILLIS - 1).status()).isEqualTo(ReservationStatus.HELD);
            assertThat(off.confirm(id, "alice", T0 + HOLD_MILLIS).result()).isEqualTo(ResultCode.HOLD_EXPIRED);
            assertThat(off.sku(0).held()).isEqualTo(2);

            final var swept = off.expire(id, T0 + HOLD_MILLIS + 5000);
            assertThat(swept.result()).isEqualTo(ResultCode.OK);
            assertThat(swept.status()).isEqualTo(ReservationStatus.EXPIRED);
            assertThat(off.sku(0).available()).isEqualTo(5);
            assertThat(off.engine.expiries(ExpiryLayer.SWEEPER)).isEqualTo(1);
        }

        @Test
        void shouldNeverExpireTwice()
        {
            final long id = driver.reserve(0, "alice", 2, T0).reservationId();
            driver.tick(T0 + HOLD_MILLIS + 1);

            assertThat(driver.expire(id, T0 + HOLD_MILLIS + 2).status()).isEqualTo(ReservationStatus.EXPIRED);
            assertThat(driver.confirm(id, "alice", T0 + HOLD_MILLIS + 3).result()).isEqualTo(ResultCode.HOLD_EXPIRED);
            driver.tick(T0 + HOLD_MILLIS * 5);

            assertThat(driver.sku(0).available()).isEqualTo(10);
            assertThat(driver.engine.expiries(ExpiryLayer.WHEEL) + driver.engine.expiries(ExpiryLayer.LAZY)
                + driver.engine.expiries(ExpiryLayer.SWEEPER)).isEqualTo(1);
        }

        @Test
        void shouldTreatExpireOfAnUnknownReservationAsNotFound()
        {
            assertThat(driver.expire(ReservationId.of(3, 5), T0).result()).isEqualTo(ResultCode.NOT_FOUND);
        }

        @Test
        void shouldReadAnOverdueHoldAsExpiredWithoutChangingState()
        {
            final long id = driver.reserve(0, "alice", 2, T0).reservationId();
            final Command view = new Command();

            assertThat(driver.engine.readReservation(id, bytes("alice"), 5, T0 + HOLD_MILLIS, view)).isTrue();
            assertThat(view.resultStatus).isEqualTo(ReservationStatus.EXPIRED);
            assertThat(driver.sku(0).held()).isEqualTo(2);
            assertThat(driver.engine.readReservation(id, bytes("bob"), 3, T0, view)).isFalse();
        }
    }

    @Nested
    class Products
    {
        @Test
        void shouldRefuseStockBelowHeldPlusSold()
        {
            final long id = driver.reserve(0, "alice", 3, T0).reservationId();
            driver.confirm(id, "alice", T0);
            driver.reserve(0, "bob", 2, T0);

            assertThat(driver.upsert(product("SKU-A", 4, 4), T0).result()).isEqualTo(ResultCode.INVALID_STATE);
            assertThat(driver.upsert(product("SKU-A", 5, 4), T0).result()).isEqualTo(ResultCode.OK);
            assertThat(driver.sku(0).available()).isZero();
            assertConserved();
        }

        @Test
        void shouldAddStockToAvailable()
        {
            driver.reserve(0, "alice", 3, T0);
            driver.upsert(product("SKU-A", 20, 4), T0);

            assertThat(driver.sku(0).available()).isEqualTo(17);
            assertThat(driver.sku(0).stock()).isEqualTo(20);
        }

        @Test
        void shouldRefuseAnInvalidProduct()
        {
            assertThat(driver.upsert(product("SKU-Z", -1, 1), T0).result()).isEqualTo(ResultCode.INVALID_REQUEST);
            assertThat(driver.upsert(product("", 1, 1), T0).result()).isEqualTo(ResultCode.INVALID_REQUEST);
            assertThat(driver.upsert(product("SKU-Z", 1, 0), T0).result()).isEqualTo(ResultCode.INVALID_REQUEST);
            assertThat(driver.engine.skuCount()).isEqualTo(2);
        }

        @Test
        void shouldRaiseTheVersionOnEveryChange()
        {
            final List<Long> versions = new ArrayList<>();
            versions.add(driver.sku(0).version());
            final long id = driver.reserve(0, "alice", 1, T0).reservationId();
            versions.add(driver.sku(0).version());
            driver.confirm(id, "alice", T0);
            versions.add(driver.sku(0).version());
            final long other = driver.reserve(0, "alice", 1, T0).reservationId();
            versions.add(driver.sku(0).version());
            driver.cancel(other, "alice", T0);
            versions.add(driver.sku(0).version());
            driver.reserve(0, "alice", 1, T0);
            driver.tick(T0 + HOLD_MILLIS);
            versions.add(driver.sku(0).version());
            driver.upsert(product("SKU-A", 11, 4), T0 + HOLD_MILLIS);
            versions.add(driver.sku(0).version());

            assertThat(versions).isSorted().doesNotHaveDuplicates();
        }

        @Test
        void shouldMoveTheSaleStateAtItsEdgesWithTime()
        {
            driver.upsert(new ProductDefinition("SKU-C", "c", "c", "c", 1, 5, 2, 120, T0 + 1000, T0 + 2000), T0);
            final long before = driver.sku(2).version();
            assertThat(driver.sku(2).saleState()).isEqualTo(SaleState.UPCOMING);

            driver.tick(T0 + 1000);
            assertThat(driver.sku(2).saleState()).isEqualTo(SaleState.OPEN);
            driver.tick(T0 + 2500);
            assertThat(driver.sku(2).saleState()).isEqualTo(SaleState.CLOSED);
            assertThat(driver.sku(2).version()).isEqualTo(before + 2);
        }
    }

    @Nested
    class TimeAndRetention
    {
        @Test
        void shouldNeverRunTimeBackwards()
        {
            driver.tick(T0 + 5000);
            final var outcome = driver.reserve(0, "alice", 1, T0);

            assertThat(outcome.createdAt()).isEqualTo(T0 + 5000);
            assertThat(driver.engine.now()).isEqualTo(T0 + 5000);
        }

        @Test
        void shouldForgetFinishedReservationsButKeepHeldOnesWhenTheBookWraps()
        {
            final EngineDriver small = new EngineDriver(EngineConfig.small(0).withCapacities(4, 4));
            small.upsert(product("X", 100, 100), T0);
            final long finished = small.reserve(0, "alice", 1, T0).reservationId();
            small.cancel(finished, "alice", T0);
            final long held = small.reserve(0, "alice", 1, T0).reservationId();
            for (int i = 0; i < 10; i++)
            {
                small.cancel(small.reserve(0, "bob", 1, T0).reservationId(), "bob", T0);
            }

            assertThat(small.confirm(held, "alice", T0).result()).isEqualTo(ResultCode.OK);
            assertThat(small.cancel(finished, "alice", T0).result()).isEqualTo(ResultCode.NOT_FOUND);
        }
    }
}
