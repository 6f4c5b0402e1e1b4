package io.flashsale.journal;

import io.flashsale.engine.command.Command;
import io.flashsale.engine.command.CommandRequest;
import io.flashsale.engine.command.ProductDefinition;
import io.flashsale.engine.command.ResultCode;
import io.flashsale.engine.shard.CommandCompletionListener;
import io.flashsale.engine.shard.EngineShard;
import io.flashsale.engine.shard.PublishedSku;
import io.flashsale.engine.shard.ShardSettings;
import io.flashsale.engine.shard.WaitStrategyKind;
import io.flashsale.engine.state.EngineConfig;
import io.flashsale.engine.state.ReservationEngine;
import io.flashsale.engine.state.SkuState;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;

/** Shared set-up for journal tests: small layouts, a random workload, and the invariants. */
final class JournalFixture
{
    static final long T0 = 1_764_000_000_000L;
    static final List<String> SKUS = List.of("SKU-A", "SKU-B", "SKU-C", "SKU-D");

    private JournalFixture()
    {
    }

    static DataDirectory.Layout layout(final int shards, final long checkpointEvery)
    {
        return new DataDirectory.Layout(shards, EngineConfig.small(0).withCapacities(1 << 12, 1 << 12), checkpointEvery);
    }

    static JournalSettings settings(final long snapshotEveryCommands)
    {
        return JournalSettings.defaults().withCheckpointsAndSnapshots(50, snapshotEveryCommands, Long.MAX_VALUE / 2, 3);
    }

    static ShardSettings shardSettings()
    {
        return new ShardSettings(1 << 10, WaitStrategyKind.BLOCKING, false, true);
    }

    static ProductDefinition product(final String sku, final int stock)
    {
        return new ProductDefinition(sku, "Product " + sku, "d", "c", 100, stock, 3, 120, 0, Long.MAX_VALUE);
    }

    /** Completion listener recording reservation ids of OK reserves and counting completions. */
    static final class Acks implements CommandCompletionListener
    {
        final ConcurrentLinkedQueue<long[]> holds = new ConcurrentLinkedQueue<>();
        final AtomicLong completed = new AtomicLong();

        @Override
        public void onCommandComplete(final Command command)
        {
            if (command.type == io.flashsale.engine.command.CommandType.RESERVE && command.result == ResultCode.OK &&
                !command.idempotentReplay)
            {
                holds.add(new long[]{command.resultReservationId, userNumber(command)});
            }
            completed.incrementAndGet();
        }

        private static long userNumber(final Command command)
        {
            return Long.parseLong(new String(command.userId, 5, command.userIdLength - 5, StandardCharsets.US_ASCII));
        }
    }

    static JournaledEngine start(final Path dir, final DataDirectory.Layout layout, final JournalSettings settings,
        final IntFunction<io.flashsale.engine.shard.CommandCompletionListener> completions, final List<String> log)
    {
        return JournaledEngine.start(dir, layout, settings, shardSettings(), completions, log::add);
    }

    static void publish(final EngineShard shard, final CommandRequest request)
    {
        while (!shard.tryPublish(request))
        {
            Thread.onSpinWait();
        }
    }

    static void defineProducts(final JournaledEngine engine, final int stock)
    {
        for (final String sku : SKUS)
        {
            publish(engine.shardFor(sku), new CommandRequest.UpsertProduct(product(sku, stock), T0, 0));
        }
        for (final String sku : SKUS)
        {
            while (engine.shardFor(sku).view().find(sku) == null)
            {
                Thread.onSpinWait();
            }
        }
    }

    /** Reserves, confirms, cancels and ticks at random: {@code commands} of them, through the rings. */
    static void randomWorkload(final JournaledEngine engine, final Acks acks, final long seed, final int commands,
        final long startTime)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final List<long[]> mine = new ArrayList<>();
        long time = startTime;
        for (int i = 0; i < commands; i++)
        {
            time += random.nextInt(3_000);
            final int kind = random.nextInt(10);
            long[] hold;
            while ((hold = acks.holds.poll()) != null)
            {
                mine.add(hold);
            }
            if (kind < 6 || mine.isEmpty())
            {
                final String sku = SKUS.get(random.nextInt(SKUS.size()));
                final PublishedSku published = engine.shardFor(sku).view().find(sku);
                final byte[] user = user(random.nextInt(200));
                final boolean keyed = random.nextInt(4) == 0;
                publish(engine.shardFor(sku), new CommandRequest.Reserve(published.skuIndex(), user,
                    1 + random.nextInt(2), keyed ? 1 + random.nextInt(50) : 0, keyed ? 7 : 0, time, i));
            }
            else if (kind < 9)
            {
                final long[] chosen = mine.remove(random.nextInt(mine.size()));
                final int shard = io.flashsale.engine.command.ReservationId.shardOf(chosen[0]);
                publish(engine.shards().get(shard), kind == 6 ?
                    CommandRequest.cancel(chosen[0], user((int)chosen[1]), time, i) :
                    CommandRequest.confirm(chosen[0], user((int)chosen[1]), time, i));
            }
            else
            {
                for (final EngineShard shard : engine.shards())
                {
                    publish(shard, new CommandRequest.Tick(time));
                }
            }
        }
    }

    static byte[] user(final int number)
    {
        return ("user-" + number).getBytes(StandardCharsets.US_ASCII);
    }

    static void awaitDrained(final JournaledEngine engine, final Acks acks, final long expected)
    {
        final long deadline = System.nanoTime() + 30_000_000_000L;
        while (acks.completed.get() < expected && System.nanoTime() < deadline)
        {
            Thread.onSpinWait();
        }
        assertThat(acks.completed.get()).isEqualTo(expected);
    }

    static void assertInvariants(final ReservationEngine engine)
    {
        for (int i = 0; i < engine.skuCount(); i++)
        {
            final SkuState sku = engine.sku(i);
            assertThat(sku.available() + sku.held() + sku.sold()).as("conservation " + sku.sku()).isEqualTo(sku.stock());
            assertThat(sku.available()).isNotNegative();
            assertThat(sku.held()).isNotNegative();
        }
    }
}
