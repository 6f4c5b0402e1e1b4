package io.flashsale.backstop.sweep;

import io.flashsale.backstop.BackstopSettings;
import io.flashsale.backstop.kafka.KafkaClients;
import io.flashsale.backstop.persist.ReservationStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Layer 3 of hold expiry. Every few seconds it asks Postgres for holds still HELD past
 * {@code expiresAt} + grace and sends an EXPIRE command for each to the engine (commands topic,
 * key = SKU). The engine decides: it expires a hold that is really overdue, and for one that had
 * already ended the exporter restates the end, which corrects Postgres. In a healthy system the
 * wheel and the lazy check have expired everything long before the grace runs out, so a sweep
 * finds nothing; it exists for what they could miss (a lost snapshot, a bug, a failover) and to
 * reconcile a Postgres that fell behind. A swept hold is not asked about again for a minute.
 */
public final class Sweeper implements AutoCloseable
{
    private static final int ROWS_PER_SWEEP = 1_000;
    private static final long RESWEEP_AFTER_MILLIS = 60_000;

    private final BackstopSettings settings;
    private final ReservationStore store;
    private final LongSupplier clock;
    private final Consumer<String> log;
    private final KafkaProducer<String, String> producer;
    private final ScheduledExecutorService schedule;
    private final Counter runs;
    private final Counter rowsFound;
    private final Counter failures;

    public Sweeper(final BackstopSettings settings, final ReservationStore store, final LongSupplier clock,
        final MeterRegistry registry, final Consumer<String> log)
    {
        this.settings = settings;
        this.store = store;
        this.clock = clock;
        this.log = log;
        this.producer = KafkaClients.producer(settings.kafkaBootstrap(), "flashsale-sweeper");
        this.runs = Counter.builder("flashsale_sweeper_runs").register(registry);
        this.rowsFound = Counter.builder("flashsale_sweeper_rows_found")
            .description("holds Postgres showed HELD past expiresAt + grace (0 in a healthy system)").register(registry);
        this.failures = Counter.builder("flashsale_sweeper_failures").register(registry);
        this.schedule = Executors.newSingleThreadScheduledExecutor(runnable ->
        {
            final Thread thread = new Thread(runnable, "hold-sweeper");
            thread.setDaemon(true);
            return thread;
        });
    }

    public Sweeper start()
    {
        schedule.scheduleWithFixedDelay(this::sweepQuietly, settings.sweepEveryMillis(), settings.sweepEveryMillis(),
            TimeUnit.MILLISECONDS);
        return this;
    }

    /** One sweep: @return the overdue holds found (and sent to the engine). */
    public int sweep() throws Exception
    {
        if (!store.migrated())
        {
            return 0; // the persister has not reached Postgres yet
        }
        final long now = clock.getAsLong();
        final List<ReservationStore.OverdueHold> holds =
            store.overdueHolds(now - settings.sweepGraceMillis(), now - RESWEEP_AFTER_MILLIS, ROWS_PER_SWEEP);
        runs.increment();
        if (holds.isEmpty())
        {
            return 0;
        }
        final List<java.util.concurrent.Future<?>> sends = new java.util.ArrayList<>(holds.size());
        for (final ReservationStore.OverdueHold hold : holds)
        {
            sends.add(producer.send(new ProducerRecord<>(settings.commandsTopic(), hold.sku(),
                ExpireCommandJson.write(hold.reservationId(), hold.sku()))));
        }
        producer.flush();
        for (final java.util.concurrent.Future<?> send : sends)
        {
            send.get(); // a failed send throws: nothing is marked swept, the next sweep asks again
        }
        store.markSwept(holds, now);
        rowsFound.increment(holds.size());
        log.accept("sweeper: " + holds.size() + " hold(s) still HELD in Postgres past expiresAt + " +
            settings.sweepGraceMillis() + " ms; EXPIRE sent to the engine");
        return holds.size();
    }

    private void sweepQuietly()
    {
        try
        {
            sweep();
        }
        catch (final Exception ex)
        {
            failures.increment();
            log.accept("sweeper: sweep failed (" + ex.getMessage() + "); next one in " + settings.sweepEveryMillis() + " ms");
        }
    }

    @Override
    public void close()
    {
        schedule.shutdownNow();
        try
        {
            schedule.awaitTermination(5, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(2));
    }
}
