package io.flashsale.engine.state;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static io.flashsale.engine.state.EngineDriver.T0;
import static io.flashsale.engine.state.EngineDriver.product;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SnapshotTest
{
    private EngineDriver driver;
    private byte[] snapshot;

    @BeforeEach
    void setUp()
    {
        driver = new EngineDriver(EngineConfig.small(2));
        driver.upsert(product("SKU-A", 50, 5), T0);
        driver.upsert(product("SKU-B", 5, 2), T0);
        final SplittableRandom random = new SplittableRandom(1);
        final List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 300; i++)
        {
            final long time = T0 + i * 997L;
            final String user = "u" + random.nextInt(20);
            switch (random.nextInt(4))
            {
                case 0, 1 ->
                {
                    final var outcome = driver.reserve(random.nextInt(2), user, 1 + random.nextInt(2), time, "k" + random.nextInt(40));
                    if (outcome.ok())
                    {
                        ids.add(outcome.reservationId());
                    }
                }
                case 2 -> driver.confirm(ids.isEmpty() ? 0 : ids.get(random.nextInt(ids.size())), user, time);
                default -> driver.cancel(ids.isEmpty() ? 0 : ids.get(random.nextInt(ids.size())), user, time);
            }
        }
        final SnapshotOut out = new SnapshotOut();
        driver.engine.writeSnapshot(out);
        snapshot = new byte[out.position()];
        out.buffer().getBytes(0, snapshot);
    }

    private ReservationEngine restore(final byte[] bytes, final int length)
    {
        return ReservationEngine.restore(driver.engine.config(), EngineListener.NONE, new UnsafeBuffer(bytes), 0, length);
    }

    @Test
    void shouldRestoreTheSameStateHash()
    {
        assertThat(driver.engine.holdsActive()).isPositive();
        assertThat(restore(snapshot, snapshot.length).stateHash()).isEqualTo(driver.engine.stateHash());
    }

    @Test
    void shouldRefuseEveryTruncation()
    {
        for (int length = 0; length < snapshot.length; length += 1 + length / 16)
        {
            final int cut = length;
            assertThatThrownBy(() -> restore(snapshot, cut)).as("cut at %d", cut)
                .isInstanceOf(CorruptSnapshotException.class);
        }
    }

    @Test
    void shouldRefuseFlippedBytes()
    {
        final SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 300; i++)
        {
            final byte[] damaged = snapshot.clone();
            final int at = random.nextInt(damaged.length);
            damaged[at] ^= (byte)(1 + random.nextInt(255));
            assertThatThrownBy(() -> restore(damaged, damaged.length)).as("flip at %d", at)
                .isInstanceOf(CorruptSnapshotException.class);
        }
    }

    @Test
    void shouldRefuseASnapshotOfAnotherShard()
    {
        assertThatThrownBy(() -> ReservationEngine.restore(EngineConfig.small(3), EngineListener.NONE,
            new UnsafeBuffer(snapshot), 0, snapshot.length))
            .isInstanceOf(CorruptSnapshotException.class).hasMessageContaining("shard 2");
    }

    @Test
    void shouldTellTheListenerEveryRestoredSku()
    {
        final List<String> defined = new ArrayList<>();
        ReservationEngine.restore(driver.engine.config(), new EngineListener()
        {
            @Override
            public void onProductDefined(final io.flashsale.engine.event.ProductDefined event)
            {
                defined.add(event.product.sku());
            }
        }, new UnsafeBuffer(snapshot), 0, snapshot.length);

        assertThat(defined).containsExactly("SKU-A", "SKU-B");
    }
}
