package io.flashsale.engine.shard;

import io.flashsale.engine.command.Command;
import io.flashsale.engine.command.CommandRequest;
import io.flashsale.engine.command.ProductDefinition;
import io.flashsale.engine.command.ResultCode;
import io.flashsale.engine.command.SaleState;
import io.flashsale.engine.state.EngineConfig;
import io.flashsale.engine.state.ReservationEngine;
import io.flashsale.engine.state.SkuState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class EngineShardTest
{
    private static final long T0 = 1_764_000_000_000L;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception
    {
        for (final AutoCloseable closeable : toClose)
        {
            closeable.close();
        }
    }

    /** Records completions in ring order: the order the logic decided them. */
    private static final class Recorder implements CommandCompletionListener
    {
        final ResultCode[] results;
        final long[] reservationIds;
        final AtomicInteger completed = new AtomicInteger();
        final AtomicLong batchEnds = new AtomicLong();

        Recorder(final int capacity)
        {
            results = new ResultCode[capacity];
            reservationIds = new long[capacity];
        }

        @Override
        public void onCommandComplete(final Command command)
        {
            if (command.type == io.flashsale.engine.command.CommandType.RESERVE)
            {
                final int at = completed.get();
                results[at] = command.result;
                reservationIds[at] = command.resultReservationId;
                completed.lazySet(at + 1);
            }
        }

        @Override
        public void onBatchEnd()
        {
            batchEnds.incrementAndGet();
        }
    }

    private EngineShard startShard(final int ringSize, final WaitStrategyKind wait, final CommandCompletionListener listener)
    {
        final ShardView view = new ShardView(0);
        final ReservationEngine engine = new ReservationEngine(EngineConfig.small(0), view);
        final EngineShard shard = new EngineShard(new ShardSettings(ringSize, wait), engine, view, null, listener).start();
        toClose.add(shard);
        return shard;
    }

    private static void publishUntilAccepted(final EngineShard shard, final CommandRequest request)
    {
        while (!shard.tryPublish(request))
        {
            Thread.onSpinWait();
        }
    }

    @Test
    void shouldHoldExactlyTheStockUnderEightProducersAndDecideInRingOrder() throws Exception
    {
        final int producers = 8;
        final int attemptsEach = 12_500;
        final int stock = 1_000;
        final Recorder recorder = new Recorder(producers * attemptsEach);
        final EngineShard shard = startShard(1024, WaitStrategyKind.BLOCKING, recorder);
        publishUntilAccepted(shard, new CommandRequest.UpsertProduct(new ProductDefinition(
            "HOT", "Hot item", "d", "c", 100, stock, 1_000_000, 120, 0, Long.MAX_VALUE), T0, 0));
        await().atMost(Duration.ofSeconds(10)).until(() -> shard.view().find("HOT") != null);
        final PublishedSku hot = shard.view().find("HOT");

        final AtomicBoolean torn = new AtomicBoolean();
        final AtomicBoolean running = new AtomicBoolean(true);
        final Thread reader = new Thread(() ->
        {
            final AvailabilityReading reading = new AvailabilityReading();
            while (running.get())
            {
                hot.availability().readInto(reading);
                if (reading.available + reading.held + reading.sold != reading.stock)
                {
                    torn.set(true);
                }
            }
        });
        reader.start();
        final CountDownLatch go = new CountDownLatch(1);
        final List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++)
        {
            final int producer = p;
            final Thread thread = new Thread(() ->
            {
                try
                {
                    go.await();
                }
                catch (final InterruptedException ex)
                {
                    return;
                }
                for (int i = 0; i < attemptsEach; i++)
                {
                    final byte[] user = ("p" + producer + "-u" + i).getBytes(StandardCharsets.US_ASCII);
                    publishUntilAccepted(shard, new CommandRequest.Reserve(hot.skuIndex(), user, 1, 0, 0, T0 + 1, i));
                }
            });
            thread.start();
            threads.add(thread);
        }
        go.countDown();
        for (final Thread thread : threads)
        {
            thread.join();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> recorder.completed.get() == producers * attemptsEach);
        running.set(false);
        reader.join();

        int held = 0;
        int firstSoldOut = -1;
        long lastId = 0;
        for (int i = 0; i < recorder.completed.get(); i++)
        {
            if (recorder.results[i] == ResultCode.OK)
            {
                held++;
                assertThat(firstSoldOut).as("a hold decided after a SOLD_OUT").isEqualTo(-1);
                assertThat(recorder.reservationIds[i]).isGreaterThan(lastId);
                lastId = recorder.reservationIds[i];
            }
            else
            {
                assertThat(recorder.results[i]).isEqualTo(ResultCode.SOLD_OUT);
                firstSoldOut = firstSoldOut < 0 ? i : firstSoldOut;
            }
        }
        assertThat(held).isEqualTo(stock);
        assertThat(torn).as("a reader saw a torn availability").isFalse();
        final AvailabilityReading reading = hot.availability().read();
        assertThat(reading.held).isEqualTo(stock);
        assertThat(reading.available).isZero();
        assertThat(reading.available + reading.held + reading.sold).isEqualTo(reading.stock);
        assertThat(recorder.batchEnds.get()).isPositive();

        shard.close();
        final SkuState state = shard.engineAfterStop().sku(hot.skuIndex());
        assertThat(state.held()).isEqualTo(stock);
        assertThat(state.available() + state.held() + state.sold()).isEqualTo(state.stock());
    }

    @Test
    void shouldReportAFullRingAtOnceInsteadOfQueueing() throws Exception
    {
        final CountDownLatch release = new CountDownLatch(1);
        final EngineShard shard = startShard(4, WaitStrategyKind.BLOCKING, command ->
        {
            try
            {
                release.await();
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        });

        int accepted = 0;
        while (shard.tryPublish(new CommandRequest.Tick(T0)))
        {
            accepted++;
            assertThat(accepted).isLessThanOrEqualTo(4);
        }
        assertThat(shard.remainingCapacity()).isZero();
        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> shard.remainingCapacity() == 4);
        assertThat(shard.tryPublish(new CommandRequest.Tick(T0))).isTrue();
    }

    @Test
    void shouldPublishAvailabilityAndTheCatalogueForReaders()
    {
        final EngineShard shard = startShard(64, WaitStrategyKind.SLEEPING, CommandCompletionListener.NONE);
        publishUntilAccepted(shard, new CommandRequest.UpsertProduct(new ProductDefinition(
            "SOON", "Soon", "d", "c", 100, 3, 1, 120, T0 + 60_000, Long.MAX_VALUE), T0, 0));
        await().atMost(Duration.ofSeconds(10)).until(() -> shard.view().find("SOON") != null);
        final PublishedSku soon = shard.view().find("SOON");
        assertThat(soon.availability().read().state).isEqualTo(SaleState.UPCOMING);
        final long version = soon.availability().version();

        publishUntilAccepted(shard, new CommandRequest.Tick(T0 + 60_000));

        await().atMost(Duration.ofSeconds(10)).until(() -> soon.availability().read().state == SaleState.OPEN);
        assertThat(soon.availability().version()).isGreaterThan(version);
        assertThat(shard.view().all()).containsExactly(soon);
        assertThat(shard.view().find("NOPE")).isNull();
    }

    @Test
    void shouldExpireHoldsFromTicksOfTheTicker()
    {
        final ShardView view = new ShardView(0);
        final ReservationEngine engine = new ReservationEngine(EngineConfig.small(0), view);
        final EngineShard shard = new EngineShard(ShardSettings.defaults(), engine, view, null,
            CommandCompletionListener.NONE).start();
        toClose.add(shard);
        final AtomicLong clock = new AtomicLong(T0);
        toClose.add(new HoldTicker(List.of(shard), clock::get, 5));
        publishUntilAccepted(shard, new CommandRequest.UpsertProduct(new ProductDefinition(
            "X", "x", "d", "c", 1, 5, 5, 1, 0, Long.MAX_VALUE), T0, 0));
        await().until(() -> shard.view().find("X") != null);
        publishUntilAccepted(shard, new CommandRequest.Reserve(0, "alice".getBytes(), 2, 0, 0, T0, 0));
        await().until(() -> shard.view().find("X").availability().read().held == 2);

        clock.set(T0 + 1_000);

        await().atMost(Duration.ofSeconds(10)).until(() -> shard.view().find("X").availability().read().held == 0);
        assertThat(shard.stats().holdsActive()).isZero();
    }

    @Test
    void shouldDropACommandWhoseCallerGaveUpBeforeItWasClaimed()
    {
        final java.util.List<Command> completed = new java.util.concurrent.CopyOnWriteArrayList<>();
        final EngineShard shard = startShard(64, WaitStrategyKind.BLOCKING, command ->
        {
            final Command copy = new Command();
            copy.copyInputFrom(command);
            copy.result = command.result;
            completed.add(copy);
        });
        publishUntilAccepted(shard, new CommandRequest.UpsertProduct(new ProductDefinition(
            "X", "x", "d", "c", 1, 5, 5, 120, 0, Long.MAX_VALUE), T0, 0));
        await().until(() -> shard.view().find("X") != null);
        final io.flashsale.engine.command.ReplyTicket gaveUp = () -> false;
        final io.flashsale.engine.command.ReplyTicket waiting = () -> true;

        assertThat(shard.tryPublish(new CommandRequest.Reserve(0, "quitter".getBytes(), 2, 0, 0, T0, 1), gaveUp)).isTrue();
        assertThat(shard.tryPublish(new CommandRequest.Reserve(0, "stayer".getBytes(), 1, 0, 0, T0, 2), waiting)).isTrue();

        await().until(() -> completed.size() == 3);
        assertThat(completed.get(1).dropped).isTrue();
        assertThat(completed.get(1).result).isNull();
        assertThat(completed.get(2).dropped).isFalse();
        assertThat(completed.get(2).result).isEqualTo(ResultCode.OK);
        await().until(() -> shard.view().find("X").availability().read().held == 1);
    }

    @Test
    void shouldRouteEverySkuToOneStableShard()
    {
        final ShardRouter router = new ShardRouter(4);
        final int[] perShard = new int[4];
        for (int i = 0; i < 1000; i++)
        {
            final int shard = router.shardOf("SKU-" + i);
            assertThat(router.shardOf("SKU-" + i)).isEqualTo(shard);
            perShard[shard]++;
        }
        for (final int count : perShard)
        {
            assertThat(count).isBetween(180, 320);
        }
        assertThat(new ShardRouter(1).shardOf("anything")).isZero();
    }
}
