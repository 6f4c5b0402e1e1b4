package io.flashsale.backstop.sweep;

import io.flashsale.backstop.BackstopSettings;
import io.flashsale.backstop.kafka.KafkaClients;
import io.flashsale.engine.command.ReservationId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The engine's end of the commands topic: each EXPIRE becomes an expire command on the owning
 * shard's ring, offsets committed once the batch is in the rings. At-least-once is enough: an
 * expire that finds nothing to do is a no-op.
 */
public final class ExpireCommandIntake implements AutoCloseable
{
    /** Where an expire goes: the engine's shard for the reservation; false when its ring is full. */
    @FunctionalInterface
    public interface ExpireTarget
    {
        boolean tryExpire(long reservationId);
    }

    private final BackstopSettings settings;
    private final ExpireTarget target;
    private final Consumer<String> log;
    private final Counter accepted;
    private final Counter refused;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile KafkaConsumer<String, String> consumer;

    public ExpireCommandIntake(final BackstopSettings settings, final ExpireTarget target, final MeterRegistry registry,
        final Consumer<String> log)
    {
        this.settings = settings;
        this.target = target;
        this.log = log;
        this.accepted = Counter.builder("flashsale_backstop_commands").tag("outcome", "queued").register(registry);
        this.refused = Counter.builder("flashsale_backstop_commands").tag("outcome", "malformed").register(registry);
        this.thread = new Thread(this::run, "expire-command-intake");
        this.thread.setDaemon(true);
    }

    public ExpireCommandIntake start()
    {
        thread.start();
        return this;
    }

    private void run()
    {
        try (KafkaConsumer<String, String> kafka = KafkaClients.consumer(settings.kafkaBootstrap(), settings.engineGroup(), 500))
        {
            consumer = kafka;
            kafka.subscribe(List.of(settings.commandsTopic()), KafkaClients.loggingRebalances("expire command intake", log));
            while (running)
            {
                final ConsumerRecords<String, String> records = kafka.poll(Duration.ofMillis(200));
                for (final ConsumerRecord<String, String> record : records)
                {
                    queue(record);
                }
                if (!records.isEmpty())
                {
                    kafka.commitSync();
                }
            }
        }
        catch (final WakeupException ex)
        {
            // closing
        }
        catch (final RuntimeException ex)
        {
            log.accept("expire command intake stopped: " + ex);
        }
    }

    private void queue(final ConsumerRecord<String, String> record)
    {
        final long reservationId;
        try
        {
            reservationId = ReservationId.parse(ExpireCommandJson.reservationIdOf(record.value()));
        }
        catch (final IllegalArgumentException ex)
        {
            refused.increment();
            log.accept("expire command intake: skipped offset " + record.offset() + ": " + ex.getMessage());
            return;
        }
        if (reservationId == ReservationId.INVALID)
        {
            refused.increment();
            return;
        }
        while (running && !target.tryExpire(reservationId))
        {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1)); // ring full: wait for room, the sweep is not urgent
        }
        accepted.increment();
    }

    @Override
    public void close()
    {
        running = false;
        final KafkaConsumer<String, String> current = consumer;
        if (current != null)
        {
            current.wakeup();
        }
        try
        {
            thread.join(10_000);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
