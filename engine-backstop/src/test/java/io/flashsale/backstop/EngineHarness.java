package io.flashsale.backstop;

import io.flashsale.engine.command.Command;
import io.flashsale.engine.command.CommandRequest;
import io.flashsale.engine.command.ProductDefinition;
import io.flashsale.engine.command.ReservationId;
import io.flashsale.engine.command.ReservationStatus;
import io.flashsale.engine.command.ResultCode;
import io.flashsale.engine.shard.CommandCompletionListener;
import io.flashsale.engine.shard.EngineShard;
import io.flashsale.engine.shard.HoldTicker;
import io.flashsale.engine.shard.ShardSettings;
import io.flashsale.engine.shard.WaitStrategyKind;
import io.flashsale.engine.shard.AvailabilityReading;
import io.flashsale.engine.state.EngineConfig;
import io.flashsale.journal.DataDirectory;
import io.flashsale.journal.JournalSettings;
import io.flashsale.journal.JournaledEngine;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A journaled engine with the backstop beside it, as a server runs them, driven by synchronous
 * commands at the wall clock's time (the sweeper compares Postgres' expiresAt with the wall clock).
 */
final class EngineHarness implements AutoCloseable
{
    record Answer(ResultCode result, String reservationId, ReservationStatus status)
    {
    }

    private final ConcurrentHashMap<Long, CompletableFuture<Answer>> waiting = new ConcurrentHashMap<>();
    private final AtomicLong correlation = new AtomicLong();
    private final JournaledEngine engine;
    private final HoldTicker ticker;
    private final Backstop backstop;
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    EngineHarness(final Path dataDir, final boolean engineExpiry, final BackstopSettings settings)
    {
        final CommandCompletionListener replies = this::complete;
        engine = JournaledEngine.start(dataDir,
            new DataDirectory.Layout(1, EngineConfig.small(0).withCapacities(1 << 14, 1 << 12)
                .withExpiryLayers(engineExpiry, engineExpiry), 1_000),
            JournalSettings.defaults(), new ShardSettings(1 << 12, WaitStrategyKind.BLOCKING, false, true),
            shard -> replies, line -> { });
        ticker = new HoldTicker(engine.shards(), System::currentTimeMillis, 10);
        backstop = Backstop.start(settings, engine.directory(), JournalSettings.defaults(),
            id -> shard().tryPublish(new CommandRequest.Expire(id, System.currentTimeMillis(), 0)),
            System::currentTimeMillis, registry, line -> System.out.println("[backstop] " + line));
    }

    static BackstopSettings settings(final String bootstrap, final String pgUrl, final String topicSuffix)
    {
        return new BackstopSettings(bootstrap, "flashsale.events." + topicSuffix, "flashsale.commands." + topicSuffix,
            2, pgUrl, "postgres", null, 300, 200);
    }

    Backstop backstop()
    {
        return backstop;
    }

    EngineShard shard()
    {
        return engine.shards().get(0);
    }

    long journalIndex()
    {
        return engine.journalIndex();
    }

    void define(final String sku, final int stock, final int holdSeconds)
    {
        call(new CommandRequest.UpsertProduct(new ProductDefinition(sku, "Product " + sku, "d", "c", 100, stock, 1_000,
            holdSeconds, 0, Long.MAX_VALUE), System.currentTimeMillis(), next()));
    }

    Answer reserve(final String sku, final String user, final int quantity)
    {
        final int skuIndex = shard().view().find(sku).skuIndex();
        final long id = next();
        return call(new CommandRequest.Reserve(skuIndex, bytes(user), quantity, 0, 0, System.currentTimeMillis(), id), id);
    }

    Answer confirm(final String reservationId, final String user)
    {
        final long id = next();
        return call(CommandRequest.confirm(ReservationId.parse(reservationId), bytes(user), System.currentTimeMillis(), id), id);
    }

    Answer cancel(final String reservationId, final String user)
    {
        final long id = next();
        return call(CommandRequest.cancel(ReservationId.parse(reservationId), bytes(user), System.currentTimeMillis(), id), id);
    }

    AvailabilityReading availability(final String sku)
    {
        return shard().view().find(sku).availability().read();
    }

    private Answer call(final CommandRequest request)
    {
        return call(request, correlationOf(request));
    }

    private static long correlationOf(final CommandRequest request)
    {
        final Command probe = new Command();
        request.copyTo(probe);
        return probe.correlationId;
    }

    private Answer call(final CommandRequest request, final long id)
    {
        final CompletableFuture<Answer> answer = new CompletableFuture<>();
        waiting.put(id, answer);
        while (!shard().tryPublish(request))
        {
            Thread.onSpinWait();
        }
        try
        {
            return answer.get(10, TimeUnit.SECONDS);
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException("no answer to " + request, ex);
        }
    }

    private void complete(final Command command)
    {
        final CompletableFuture<Answer> answer = command.correlationId == 0 ? null : waiting.remove(command.correlationId);
        if (answer != null)
        {
            answer.complete(new Answer(command.result, command.resultReservationId == 0 ? null :
                ReservationId.toText(command.resultReservationId), command.resultStatus));
        }
    }

    private long next()
    {
        return correlation.incrementAndGet();
    }

    private static byte[] bytes(final String text)
    {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void close()
    {
        backstop.close();
        ticker.close();
        engine.close();
    }

    static List<String> skus()
    {
        return List.of("SKU-A", "SKU-B");
    }
}
