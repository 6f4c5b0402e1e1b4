package io.flashsale.engine.state;

import io.flashsale.engine.command.ProductDefinition;
import io.flashsale.engine.command.ReservationId;
import io.flashsale.engine.command.ResultCode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.List;

import static io.flashsale.engine.state.EngineDriver.HOLD_MILLIS;
import static io.flashsale.engine.state.EngineDriver.T0;
import static io.flashsale.engine.state.EngineDriver.product;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random command sequences against the engine: every answer matches {@link ReferenceModel}, and the
 * invariants hold after every command.
 */
class EngineProperties
{
    private static final int SKUS = 3;
    private static final int USERS = 5;
    private static final int PER_USER_LIMIT = 4;
    private static final int[] STOCK = {6, 3, 9};

    sealed interface Action
    {
        long advanceMillis();
    }

    record Reserve(int sku, int user, int quantity, int key, long advanceMillis) implements Action
    {
    }

    record Confirm(int pick, boolean asOwner, long advanceMillis) implements Action
    {
    }

    record Cancel(int pick, boolean asOwner, long advanceMillis) implements Action
    {
    }

    record Expire(int pick, long advanceMillis) implements Action
    {
    }

    record Tick(long advanceMillis) implements Action
    {
    }

    record Restock(int sku, int delta, long advanceMillis) implements Action
    {
    }

    record Close(int sku, long advanceMillis) implements Action
    {
    }

    @Provide
    Arbitrary<List<Action>> actions()
    {
        final Arbitrary<Long> smallStep = Arbitraries.longs().between(0, 40_000);
        final Arbitrary<Action> reserve = Combinators.combine(
            Arbitraries.integers().between(0, SKUS - 1), Arbitraries.integers().between(0, USERS - 1),
            Arbitraries.integers().between(1, 3), Arbitraries.integers().between(-1, 3), smallStep)
            .as(Reserve::new);
        final Arbitrary<Action> confirm = Combinators.combine(
            Arbitraries.integers().between(0, 1000), Arbitraries.of(true, true, true, false), smallStep).as(Confirm::new);
        final Arbitrary<Action> cancel = Combinators.combine(
            Arbitraries.integers().between(0, 1000), Arbitraries.of(true, true, true, false), smallStep).as(Cancel::new);
        final Arbitrary<Action> expire = Combinators.combine(
            Arbitraries.integers().between(0, 1000), smallStep).as(Expire::new);
        final Arbitrary<Action> tick = Arbitraries.longs().between(0, 130_000).map(Tick::new);
        final Arbitrary<Action> restock = Combinators.combine(
            Arbitraries.integers().between(0, SKUS - 1), Arbitraries.integers().between(-4, 5), smallStep).as(Restock::new);
        final Arbitrary<Action> close = Combinators.combine(
            Arbitraries.integers().between(0, SKUS - 1), smallStep).as(Close::new);
        return Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(10, reserve), net.jqwik.api.Tuple.of(4, confirm), net.jqwik.api.Tuple.of(4, cancel),
            net.jqwik.api.Tuple.of(1, expire), net.jqwik.api.Tuple.of(2, tick), net.jqwik.api.Tuple.of(1, restock),
            net.jqwik.api.Tuple.of(1, close))
            .list().ofMinSize(1).ofMaxSize(80);
    }

    /** Runs one action on the engine (and the model, when given) and returns the engine's answer. */
    private static final class Run
    {
        final EngineDriver driver;
        final ReferenceModel model;
        final List<Long> issued = new ArrayList<>();
        long time = T0;

        Run(final ReferenceModel model)
        {
            driver = new EngineDriver(EngineConfig.small(1).withCapacities(256, 1 << 12));
            this.model = model;
            for (int i = 0; i < SKUS; i++)
            {
                driver.upsert(product("SKU-" + i, STOCK[i], PER_USER_LIMIT), T0);
            }
        }

        Run(final ReservationEngine restored, final List<Long> issued, final long time)
        {
            driver = new EngineDriver(restored);
            model = null;
            this.issued.addAll(issued);
            this.time = time;
        }

        EngineDriver.Outcome step(final Action action)
        {
            time += action.advanceMillis();
            return switch (action)
            {
                case Reserve r -> reserve(r);
                case Confirm c -> confirm(c.pick(), c.asOwner(), true);
                case Cancel c -> confirm(c.pick(), c.asOwner(), false);
                case Expire e -> expire(e.pick());
                case Tick t ->
                {
                    if (model != null)
                    {
                        model.advance(time);
                    }
                    yield driver.tick(time);
                }
                case Restock r -> restock(r);
                case Close c ->
                {
                    if (model != null)
                    {
                        model.close(c.sku(), time);
                    }
                    yield driver.close(c.sku(), time);
                }
            };
        }

        private EngineDriver.Outcome reserve(final Reserve r)
        {
            final String user = "user-" + r.user();
            final String key = r.key() < 0 ? null : "key-" + r.key();
            final EngineDriver.Outcome outcome = key == null ?
                driver.reserve(r.sku(), user, r.quantity(), time) :
                driver.reserve(r.sku(), user, r.quantity(), time, key);
            if (model != null)
            {
                final ReferenceModel.Answer expected = model.reserve(r.sku(), user, r.quantity(), key, time);
                assertThat(outcome.result()).as("reserve %s", r).isEqualTo(expected.result());
                if (expected.result() == ResultCode.OK)
                {
                    assertThat(outcome.reservationId()).isEqualTo(expected.reservationId());
                }
            }
            if (outcome.ok() && !outcome.replay())
            {
                issued.add(outcome.reservationId());
            }
            return outcome;
        }

        private EngineDriver.Outcome confirm(final int pick, final boolean asOwner, final boolean confirm)
        {
            final long id = pickId(pick);
            final String owner = "user-" + (pick % USERS);
            final String caller = asOwner ? ownerOf(id, owner) : "stranger";
            final EngineDriver.Outcome outcome = confirm ? driver.confirm(id, caller, time) : driver.cancel(id, caller, time);
            if (model != null)
            {
                final ResultCode expected = confirm ? model.confirm(id, caller, time) : model.cancel(id, caller, time);
                assertThat(outcome.result()).as(confirm ? "confirm" : "cancel").isEqualTo(expected);
            }
            return outcome;
        }

        private EngineDriver.Outcome expire(final int pick)
        {
            final long id = pickId(pick);
            final EngineDriver.Outcome outcome = driver.expire(id, time);
            if (model != null)
            {
                assertThat(outcome.result()).isEqualTo(model.expire(id, time));
            }
            return outcome;
        }

        private EngineDriver.Outcome restock(final Restock r)
        {
            final int newStock = driver.sku(r.sku()).stock() + r.delta();
            final EngineDriver.Outcome outcome = driver.upsert(product("SKU-" + r.sku(), newStock, PER_USER_LIMIT), time);
            if (model != null)
            {
                assertThat(outcome.result()).isEqualTo(model.restock(r.sku(), newStock, time));
            }
            return outcome;
        }

        private long pickId(final int pick)
        {
            return issued.isEmpty() ? ReservationId.of(1, 1 + pick) : issued.get(pick % issued.size());
        }

        private String ownerOf(final long id, final String fallback)
        {
            final io.flashsale.engine.command.Command view = new io.flashsale.engine.command.Command();
            for (int user = 0; user < USERS; user++)
            {
                final byte[] name = EngineDriver.bytes("user-" + user);
                if (driver.engine.readReservation(id, name, name.length, 0, view))
                {
                    return "user-" + user;
                }
            }
            return fallback;
        }

        void assertInvariants()
        {
            for (int sku = 0; sku < SKUS; sku++)
            {
                final SkuState state = driver.sku(sku);
                assertThat(state.available() + state.held() + state.sold()).as("conservation").isEqualTo(state.stock());
                assertThat(state.available()).as("never oversold").isNotNegative();
                assertThat(state.held()).isNotNegative();
                for (int user = 0; user < USERS; user++)
                {
                    assertThat(driver.units("user-" + user, sku)).as("per-user limit").isBetween(0, PER_USER_LIMIT);
                }
                if (model != null)
                {
                    assertThat(state.available()).isEqualTo(model.available[sku]);
                    assertThat(state.held()).isEqualTo(model.held[sku]);
                    assertThat(state.sold()).isEqualTo(model.sold[sku]);
                    for (int user = 0; user < USERS; user++)
                    {
                        assertThat(driver.units("user-" + user, sku)).isEqualTo(model.units("user-" + user, sku));
                    }
                }
            }
        }
    }

    @Property(tries = 2000)
    void everyAnswerMatchesTheModelAndInvariantsHoldAfterEveryCommand(@ForAll("actions") final List<Action> actions)
    {
        final Run run = new Run(new ReferenceModel(1, STOCK, PER_USER_LIMIT, HOLD_MILLIS));
        long lastId = 0;
        for (final Action action : actions)
        {
            final EngineDriver.Outcome outcome = run.step(action);
            if (action instanceof Reserve && outcome.ok() && !outcome.replay())
            {
                assertThat(outcome.reservationId()).as("FIFO: ids rise in command order").isGreaterThan(lastId);
                lastId = outcome.reservationId();
            }
            run.assertInvariants();
        }
    }

    @Property(tries = 500)
    void reservesAreDecidedInArrivalOrder(
        @ForAll @IntRange(min = 1, max = 40) final int stock,
        @ForAll("users") final List<Integer> arrivals)
    {
        final EngineDriver driver = new EngineDriver(EngineConfig.small(0));
        driver.upsert(product("ONE", stock, 1_000), T0);
        for (int i = 0; i < arrivals.size(); i++)
        {
            final EngineDriver.Outcome outcome = driver.reserve(0, "user-" + arrivals.get(i), 1, T0 + i);
            assertThat(outcome.result()).as("arrival %d", i).isEqualTo(i < stock ? ResultCode.OK : ResultCode.SOLD_OUT);
        }
    }

    @Provide
    Arbitrary<List<Integer>> users()
    {
        return Arbitraries.integers().between(0, 50).list().ofMinSize(0).ofMaxSize(100);
    }

    @Property(tries = 1000)
    void theSameCommandsGiveTheSameStateHash(@ForAll("actions") final List<Action> actions)
    {
        final Run first = new Run(null);
        final Run second = new Run(null);
        for (final Action action : actions)
        {
            assertThat(second.step(action)).isEqualTo(first.step(action));
        }
        assertThat(second.driver.engine.stateHash()).isEqualTo(first.driver.engine.stateHash());
    }

    @Property(tries = 1000)
    void aRestoredSnapshotHasTheSameHashAndTheSameFuture(
        @ForAll("actions") final List<Action> actions, @ForAll @IntRange(min = 0, max = 80) final int cut)
    {
        final int split = Math.min(cut, actions.size());
        final Run original = new Run(null);
        actions.subList(0, split).forEach(original::step);

        final SnapshotOut out = new SnapshotOut();
        original.driver.engine.writeSnapshot(out);
        final ReservationEngine restoredEngine = ReservationEngine.restore(original.driver.engine.config(),
            EngineListener.NONE, new UnsafeBuffer(out.buffer().byteArray(), 0, out.position()), 0, out.position());
        assertThat(restoredEngine.stateHash()).isEqualTo(original.driver.engine.stateHash());

        final Run restored = new Run(restoredEngine, original.issued, original.time);
        for (final Action action : actions.subList(split, actions.size()))
        {
            assertThat(restored.step(action)).isEqualTo(original.step(action));
        }
        assertThat(restored.driver.engine.stateHash()).isEqualTo(original.driver.engine.stateHash());
    }
}
