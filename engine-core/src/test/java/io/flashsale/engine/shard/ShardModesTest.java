package io.flashsale.engine.shard;

import com.lmax.disruptor.EventHandler;
import io.flashsale.engine.command.Command;
import io.flashsale.engine.command.CommandRequest;
import io.flashsale.engine.command.CommandType;
import io.flashsale.engine.command.ProductDefinition;
import io.flashsale.engine.command.ResultCode;
import io.flashsale.engine.state.EngineConfig;
import io.flashsale.engine.state.ReservationEngine;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every operating mode a shard can run in gives the same answers: each wait strategy, with the
 * completion on its own thread or on the logic thread, with no journal stage, a journal thread of
 * its own, or the journal on the logic thread. Four producers fight over one SKU; exactly its stock
 * is held, every command is completed once, and the journal stage saw every command before the logic.
 */
class ShardModesTest
{
    private static final long T0 = 1_764_000_000_000L;
    private static final int STOCK = 300;
    private static final int PRODUCERS = 4;
    private static final int ATTEMPTS_EACH = 500;

    enum Journal
    {
        NONE,
        OWN_THREAD,
        ON_LOGIC_THREAD
    }

    static Stream<Arguments> modes()
    {
        final List<Arguments> modes = new ArrayList<>();
        for (final WaitStrategyKind wait : WaitStrategyKind.values())
        {
            for (final boolean dedicatedCompletion : new boolean[]{true, false})
            {
                for (final Journal journal : Journal.values())
                {
                    modes.add(Arguments.of(wait, dedicatedCompletion, journal));
                }
            }
        }
        return modes.stream();
    }

    @ParameterizedTest(name = "{0}, completion thread {1}, journal {2}")
    @MethodSource("modes")
    void shouldHoldExactlyTheStockInEveryMode(final WaitStrategyKind wait, final boolean dedicatedCompletion,
        final Journal journal) throws Exception
    {
        final AtomicLong journaled = new AtomicLong();
        final AtomicInteger held = new AtomicInteger();
        final AtomicInteger soldOut = new AtomicInteger();
        final AtomicInteger unjournaledApplied = new AtomicInteger();
        final EventHandler<Command> journalStage = journal == Journal.NONE ? null :
            (command, sequence, endOfBatch) -> journaled.incrementAndGet();
        final ShardView view = new ShardView(0);
        final ReservationEngine engine = new ReservationEngine(EngineConfig.small(0), view);
        final CommandCompletionListener completion = command ->
        {
            if (journal != Journal.NONE && journaled.get() == 0)
            {
                unjournaledApplied.incrementAndGet();
            }
            if (command.type == CommandType.RESERVE)
            {
                (command.result == ResultCode.OK ? held : soldOut).incrementAndGet();
            }
        };
        try (EngineShard shard = new EngineShard(new ShardSettings(256, wait, dedicatedCompletion,
            journal == Journal.ON_LOGIC_THREAD), engine, view, journalStage, completion).start())
        {
            publish(shard, new CommandRequest.UpsertProduct(new ProductDefinition("HOT", "Hot", "d", "c", 100, STOCK,
                1_000_000, 120, 0, Long.MAX_VALUE), T0, 0));
            final List<Thread> producers = new ArrayList<>();
            for (int p = 0; p < PRODUCERS; p++)
            {
                final int producer = p;
                producers.add(Thread.ofPlatform().start(() ->
                {
                    for (int i = 0; i < ATTEMPTS_EACH; i++)
                    {
                        publish(shard, new CommandRequest.Reserve(0, ("u" + producer + "-" + i).getBytes(StandardCharsets.US_ASCII),
                            1, 0, 0, T0 + 1, 0));
                    }
                }));
            }
            for (final Thread producer : producers)
            {
                producer.join();
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> held.get() + soldOut.get() == PRODUCERS * ATTEMPTS_EACH);
            assertThat(held.get()).isEqualTo(STOCK);
            assertThat(unjournaledApplied.get()).isZero();
            if (journal != Journal.NONE)
            {
                assertThat(journaled.get()).isEqualTo(1 + PRODUCERS * ATTEMPTS_EACH);
            }
            final AvailabilityReading reading = view.find("HOT").availability().read();
            assertThat(reading.held).isEqualTo(STOCK);
            assertThat(reading.available).isZero();
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
