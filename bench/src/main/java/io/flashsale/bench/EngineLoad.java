package io.flashsale.bench;

import io.flashsale.engine.command.CommandRequest;
import io.flashsale.engine.command.ProductDefinition;
import io.flashsale.engine.shard.CommandCompletionListener;
import io.flashsale.engine.shard.EngineShard;
import io.flashsale.engine.shard.ShardSettings;
import io.flashsale.engine.shard.WaitStrategyKind;
import io.flashsale.engine.state.EngineConfig;
import io.flashsale.journal.DataDirectory;
import io.flashsale.journal.JournalSettings;
import io.flashsale.journal.JournaledEngine;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * In-process load on a journaled one-shard engine, as the server runs it (journal on the logic
 * thread, blocking wait): SKUs BENCH-0..n with stock to spare, reservations of one unit from
 * rotating users, published through the ring.
 */
public final class EngineLoad
{
    private EngineLoad()
    {
    }

    public static JournaledEngine start(final Path dataDir, final CommandCompletionListener completions)
    {
        return JournaledEngine.start(dataDir, new DataDirectory.Layout(1, EngineConfig.defaults(0), 1_000_000),
            JournalSettings.forThisMachine(), new ShardSettings(1 << 14, WaitStrategyKind.BLOCKING, false, true),
            shard -> completions, line -> { });
    }

    /** Defines BENCH-0 .. BENCH-(skus-1) and waits until the last is published. */
    public static void define(final JournaledEngine engine, final int skus, final int stockEach)
    {
        for (int s = 0; s < skus; s++)
        {
            final ProductDefinition product = new ProductDefinition("BENCH-" + s, "Bench " + s, "d", "c", 100,
                stockEach, 1_000_000, 120, 0, Long.MAX_VALUE);
            publish(engine.shards().get(0), new CommandRequest.UpsertProduct(product, System.currentTimeMillis(), 0));
        }
        while (engine.shards().get(0).view().find("BENCH-" + (skus - 1)) == null)
        {
            Thread.onSpinWait();
        }
    }

    /** The reservations a load publishes: SKU indexes and user ids made once, so the producer only publishes. */
    public static final class Reservations
    {
        private final EngineShard shard;
        private final int[] skuIndexes;
        private final byte[][] users;

        public Reservations(final JournaledEngine engine, final int skus, final int users)
        {
            this.shard = engine.shards().get(0);
            this.skuIndexes = new int[skus];
            for (int s = 0; s < skus; s++)
            {
                skuIndexes[s] = shard.view().find("BENCH-" + s).skuIndex();
            }
            this.users = new byte[users][];
            for (int u = 0; u < users; u++)
            {
                this.users[u] = ("user-" + u).getBytes(StandardCharsets.US_ASCII);
            }
        }

        /** The i-th reservation: SKU BENCH-(i mod skus), user i mod users, one unit. */
        public void reserve(final long i, final long now)
        {
            publish(shard, new CommandRequest.Reserve(skuIndexes[(int)(i % skuIndexes.length)],
                users[(int)(i % users.length)], 1, 0, 0, now, 0));
        }
    }

    private static void publish(final EngineShard shard, final CommandRequest request)
    {
        while (!shard.tryPublish(request))
        {
            Thread.onSpinWait();
        }
    }
}
