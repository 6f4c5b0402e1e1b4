package io.flashsale.backstop.sweep;

import io.flashsale.backstop.BackstopSettings;
import io.flashsale.backstop.kafka.ConsumerLoop;
import io.flashsale.engine.command.ReservationId;
import io.flashsale.engine.command.ReservationIdFormat;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The engine's end of the commands topic: each EXPIRE becomes an expire command on the owning
 * shard's ring, offsets committed once the batch is in the rings. At-least-once is enough: an
 * expire that finds nothing to do is a no-op.
 */
public final class ExpireCommandIntake extends ConsumerLoop
{
    /** Where an expire goes: the engine's shard for the reservation; false when its ring is full. */
    @FunctionalInterface
    public interface ExpireTarget
    {
        boolean tryExpire(long reservationId);
    }

    private final BackstopSettings settings;
    private final ExpireTarget target;
    private final Counter queued;
    private final Counter malformed;

    public ExpireCommandIntake(final BackstopSettings settings, final ExpireTarget target, final MeterRegistry registry,
        final Consumer<String> log)
    {
        super("expire-command-intake", settings.kafkaBootstrap(), settings.engineGroup(), settings.commandsTopic(), 500, log);
        this.settings = settings;
        this.target = target;
        this.queued = Counter.builder("flashsale_backstop_commands").tag("outcome", "queued").register(registry);
        this.malformed = Counter.builder("flashsale_backstop_commands").tag("outcome", "malformed").register(registry);
    }

    @Override
    protected void handle(final KafkaConsumer<String, String> kafka, final ConsumerRecords<String, String> records)
    {
        for (final ConsumerRecord<String, String> record : records)
        {
            queue(record);
        }
        kafka.commitSync();
    }

    private void queue(final ConsumerRecord<String, String> record)
    {
        final long reservationId;
        try
        {
            final String text = ExpireCommandJson.reservationIdOf(record.value());
            if (!isOurs(text))
            {
                return; // another group's hold: its own intake takes it
            }
            reservationId = settings.reservationIds().parse(text);
        }
        catch (final IllegalArgumentException ex)
        {
            malformed.increment();
            log.accept("expire command intake: skipped offset " + record.offset() + ": " + ex.getMessage());
            return;
        }
        if (reservationId == ReservationId.INVALID)
        {
            malformed.increment();
            return;
        }
        while (running() && !target.tryExpire(reservationId))
        {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1)); // ring full: wait for room, the sweep is not urgent
        }
        queued.increment();
    }

    /** In a cluster every group reads the whole topic: a hold is this group's when its id names it. */
    private boolean isOurs(final String reservationText)
    {
        final String group = settings.reservationIds().group();
        return group == null || group.equals(ReservationIdFormat.groupOf(reservationText));
    }
}
