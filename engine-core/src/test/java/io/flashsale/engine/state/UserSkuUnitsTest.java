package io.flashsale.engine.state;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class UserSkuUnitsTest
{
    @Test
    void aUsersSeveralSkusAreCountedApartWhereverEachIsKeptAndSurviveASnapshot()
    {
        countsMatchAModel(4);
    }

    /** More SKUs a user than a block holds: chains of several blocks, entries freed and reused. */
    @Test
    void aUserWithManySkusChainsBlocks()
    {
        countsMatchAModel(3 * UserSkuUnits.ENTRIES_A_BLOCK + 2);
    }

    private static void countsMatchAModel(final int skus)
    {
        final UserDirectory users = new UserDirectory(64);
        final UserSkuUnits units = new UserSkuUnits(users, 64);
        for (int u = 0; u < 50; u++)
        {
            final byte[] id = ("u" + u).getBytes(StandardCharsets.US_ASCII);
            users.findOrAdd(id, id.length);
        }
        final Map<Long, Integer> model = new HashMap<>();
        final Random random = new Random(7);
        for (int step = 0; step < 20_000; step++)
        {
            final int user = random.nextInt(50);
            final int sku = random.nextInt(skus);
            final long key = (long)user << 32 | sku;
            final int held = model.getOrDefault(key, 0);
            final int delta = held > 0 && random.nextBoolean() ? -1 - random.nextInt(held) : 1 + random.nextInt(3);
            units.add(user, sku, delta);
            if (held + delta == 0)
            {
                model.remove(key);
            }
            else
            {
                model.put(key, held + delta);
            }
            assertThat(units.get(user, sku)).isEqualTo(held + delta);
            assertThat(units.size()).isEqualTo(model.size());
        }
        for (int user = 0; user < 50; user++)
        {
            for (int sku = 0; sku < skus; sku++)
            {
                assertThat(units.get(user, sku)).isEqualTo(model.getOrDefault((long)user << 32 | sku, 0));
            }
        }

        final SnapshotOut out = new SnapshotOut();
        users.writeTo(out);
        units.writeTo(out);
        final UserDirectory restoredUsers = new UserDirectory(64);
        final UserSkuUnits restored = new UserSkuUnits(restoredUsers, 64);
        final SnapshotIn in = new SnapshotIn(out.buffer(), 0, out.position());
        restoredUsers.readFrom(in);
        restored.readFrom(in);
        final StateHash before = new StateHash();
        final StateHash after = new StateHash();
        units.hashInto(before);
        restored.hashInto(after);
        assertThat(after.value()).isEqualTo(before.value());
        model.forEach((key, held) -> assertThat(restored.get((int)(key >>> 32), (int)(long)key)).isEqualTo(held));
    }
}
