package io.flashsale.gateway;

import io.flashsale.engine.command.Command;
import io.flashsale.engine.command.CommandRequest;
import io.flashsale.engine.command.CommandType;
import io.flashsale.engine.command.ProductDefinition;
import io.flashsale.engine.command.ResultCode;
import io.flashsale.engine.shard.AvailabilityReading;
import io.flashsale.engine.shard.CommandCompletionListener;
import io.flashsale.engine.shard.EngineShard;
import io.flashsale.engine.shard.HoldTicker;
import io.flashsale.engine.shard.PublishedSku;
import io.flashsale.engine.shard.ShardRouter;
import io.flashsale.engine.shard.ShardSettings;
import io.flashsale.engine.state.EngineConfig;
import io.flashsale.journal.DataDirectory;
import io.flashsale.journal.JournalSettings;
import io.flashsale.journal.JournaledEngine;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The in-process demo {@code scripts/run.sh} starts until the HTTP gateway lands: the engine
 * recovers its data directory (journal + snapshots), the catalogue opens on a fresh one, a crowd of
 * shopper threads reserves through the shard rings, then confirms or cancels, and the live
 * availability is printed from the published snapshots. A second run continues where the first
 * stopped.
 */
public final class DemoSale
{
    private static final int SHOPPER_THREADS = 4;
    private static final int ATTEMPTS_PER_THREAD = 50_000;
    private static final List<String> HOT_SKUS = List.of("SKU-0001", "SKU-0002", "SKU-0003", "SKU-0004", "SKU-0005");

    private DemoSale()
    {
    }

    record Hold(int shard, long reservationId, byte[] user)
    {
    }

    /** Counts answers by code and keeps the holds so the crowd can confirm or cancel them. */
    static final class Outcomes implements CommandCompletionListener
    {
        final AtomicLongArray byCode = new AtomicLongArray(ResultCode.values().length);
        final ConcurrentLinkedQueue<Hold> holds = new ConcurrentLinkedQueue<>();
        private final int shard;

        Outcomes(final int shard)
        {
            this.shard = shard;
        }

        @Override
        public void onCommandComplete(final Command command)
        {
            if (command.type == CommandType.RESERVE)
            {
                byCode.incrementAndGet(command.result.ordinal());
                if (command.result == ResultCode.OK && !command.idempotentReplay)
                {
                    final byte[] user = new byte[command.userIdLength];
                    System.arraycopy(command.userId, 0, user, 0, user.length);
                    holds.add(new Hold(shard, command.resultReservationId, user));
                }
            }
        }
    }

    public static void main(final String[] args) throws Exception
    {
        final int shardCount = Integer.parseInt(System.getenv().getOrDefault("FLASHSALE_SHARDS", "1"));
        final String catalogueFile = System.getenv("FLASHSALE_CATALOGUE");
        final long now = System.currentTimeMillis();
        final List<ProductDefinition> products = Catalogue.load(catalogueFile == null ? null : Path.of(catalogueFile), now);
        final Path dataDir = Path.of(System.getenv().getOrDefault("FLASHSALE_DATA_DIR", "./data"));
        final List<Outcomes> outcomes = new ArrayList<>();
        for (int s = 0; s < shardCount; s++)
        {
            outcomes.add(new Outcomes(s));
        }
        final JournaledEngine engine = JournaledEngine.start(dataDir,
            new DataDirectory.Layout(shardCount, EngineConfig.defaults(0), 1_000_000), JournalSettings.defaults(),
            ShardSettings.defaults(), outcomes::get, line -> System.out.println("recovery: " + line));
        final List<EngineShard> shards = engine.shards();
        final ShardRouter router = engine.router();
        System.out.printf("flash-sale engine demo: %d shard(s), data in %s, journal index %d; in-process, no HTTP server yet%n",
            shardCount, dataDir.toAbsolutePath().normalize(), engine.journalIndex());
        if (engine.journalIndex() == 0)
        {
            for (final ProductDefinition product : products)
            {
                publish(shards.get(router.shardOf(product.sku())), new CommandRequest.UpsertProduct(product, now, 0));
            }
        }
        try (HoldTicker ticker = new HoldTicker(shards, System::currentTimeMillis, 10))
        {
            waitForCatalogue(shards, router, products);
            final long started = System.nanoTime();
            final List<Thread> crowd = new ArrayList<>();
            for (int t = 0; t < SHOPPER_THREADS; t++)
            {
                final int thread = t;
                crowd.add(Thread.ofPlatform().name("shopper-" + t).start(() -> shop(thread, shards, router)));
            }
            for (final Thread shopper : crowd)
            {
                shopper.join();
            }
            final double seconds = (System.nanoTime() - started) / 1e9;
            Thread.sleep(200);
            settleHolds(shards, outcomes);
            Thread.sleep(200);
            printSummary(shards, router, outcomes, seconds);
        }
        engine.close();
        System.out.printf("stopped at journal index %d; a snapshot of each shard was written%n", engine.journalIndex());
    }

    private static void shop(final int thread, final List<EngineShard> shards, final ShardRouter router)
    {
        final ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < ATTEMPTS_PER_THREAD; i++)
        {
            final String sku = random.nextInt(4) == 0 ?
                String.format("SKU-%04d", 1 + random.nextInt(100)) : HOT_SKUS.get(random.nextInt(HOT_SKUS.size()));
            final EngineShard shard = shards.get(router.shardOf(sku));
            final PublishedSku published = shard.view().find(sku);
            if (published == null)
            {
                continue;
            }
            final byte[] user = ("shopper-" + thread + "-" + random.nextInt(20_000)).getBytes(StandardCharsets.US_ASCII);
            publish(shard, new CommandRequest.Reserve(published.skuIndex(), user, 1, 0, 0, System.currentTimeMillis(), i));
        }
    }

    /** Two in three holds check out, the rest are cancelled. */
    private static void settleHolds(final List<EngineShard> shards, final List<Outcomes> outcomes)
    {
        int n = 0;
        for (final Outcomes outcome : outcomes)
        {
            Hold hold;
            while ((hold = outcome.holds.poll()) != null)
            {
                final long time = System.currentTimeMillis();
                publish(shards.get(hold.shard()), n++ % 3 == 2 ?
                    CommandRequest.cancel(hold.reservationId(), hold.user(), time, 0) :
                    CommandRequest.confirm(hold.reservationId(), hold.user(), time, 0));
            }
        }
    }

    private static void printSummary(final List<EngineShard> shards, final ShardRouter router,
        final List<Outcomes> outcomes, final double seconds)
    {
        final Map<ResultCode, Long> answers = new EnumMap<>(ResultCode.class);
        for (final Outcomes outcome : outcomes)
        {
            for (final ResultCode code : ResultCode.values())
            {
                answers.merge(code, outcome.byCode.get(code.ordinal()), Long::sum);
            }
        }
        final long attempts = (long)SHOPPER_THREADS * ATTEMPTS_PER_THREAD;
        System.out.printf("%,d reserve attempts from %d threads in %.2f s (%,.0f/s): %s%n",
            attempts, SHOPPER_THREADS, seconds, attempts / seconds, answers);
        System.out.printf("%-10s %-40s %6s %9s %5s %5s %8s %s%n", "sku", "name", "stock", "available", "held", "sold",
            "version", "state");
        final AvailabilityReading reading = new AvailabilityReading();
        boolean conserved = true;
        for (final EngineShard shard : shards)
        {
            for (final PublishedSku sku : shard.view().all())
            {
                sku.availability().readInto(reading);
                conserved &= reading.available + reading.held + reading.sold == reading.stock;
                if (HOT_SKUS.contains(sku.sku()) || reading.sold > 0 && sku.skuIndex() % 10 == 0)
                {
                    System.out.printf("%-10s %-40s %6d %9d %5d %5d %8d %s%n", sku.sku(), sku.product().name(),
                        reading.stock, reading.available, reading.held, reading.sold, reading.version, reading.state);
                }
            }
        }
        System.out.println(conserved ? "available + held + sold == stock for every SKU" : "CONSERVATION BROKEN");
    }

    private static void waitForCatalogue(final List<EngineShard> shards, final ShardRouter router,
        final List<ProductDefinition> products) throws InterruptedException
    {
        for (final ProductDefinition product : products)
        {
            while (shards.get(router.shardOf(product.sku())).view().find(product.sku()) == null)
            {
                Thread.sleep(1);
            }
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
