package io.flashsale.backstop.persist;

import io.flashsale.backstop.BackstopSettings;
import io.flashsale.backstop.event.HoldEvent;
import io.flashsale.backstop.event.HoldEventJson;
import io.flashsale.backstop.kafka.ConsumerLoop;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Kafka to Postgres: a consumer group on the events topic, each poll written as one transaction
 * of batched idempotent upserts, offsets committed only after the database commit. When Postgres
 * fails the consumer goes back to the batch's first offsets and tries again with backoff, so
 * nothing is skipped and the poll loop stays alive in its group.
 */
public final class EventPersister extends ConsumerLoop
{
    private static final int MAX_POLL_RECORDS = 2_000;
    private static final long MAX_BACKOFF_MILLIS = 5_000;

    private final ReservationStore store;
    private final Counter eventsPersisted;
    private final Counter malformed;
    private final Counter retries;
    private long backoffMillis = 100;

    public EventPersister(final BackstopSettings settings, final ReservationStore store, final MeterRegistry registry,
        final Consumer<String> log)
    {
        super("persister", settings.kafkaBootstrap(), settings.persisterGroup(), settings.eventsTopic(),
            MAX_POLL_RECORDS, log);
        this.store = store;
        this.eventsPersisted = Counter.builder("flashsale_events_persisted").register(registry);
        this.malformed = Counter.builder("flashsale_events_malformed")
            .description("records on the events topic that are not hold events").register(registry);
        this.retries = Counter.builder("flashsale_persist_retries")
            .description("batches written again after Postgres failed").register(registry);
    }

    /** Brings the schema up before consuming, waiting for Postgres as long as it takes. */
    @Override
    protected void beforeSubscribing()
    {
        long backoff = 200;
        while (running())
        {
            try
            {
                store.migrate();
                return;
            }
            catch (final RuntimeException ex)
            {
                log.accept("persister waits for Postgres: " + ex.getMessage());
                pause(backoff);
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
            }
        }
    }

    @Override
    protected void handle(final KafkaConsumer<String, String> kafka, final ConsumerRecords<String, String> records)
    {
        try
        {
            store.write(events(records));
            kafka.commitSync();
            eventsPersisted.increment(records.count());
            backoffMillis = 100;
        }
        catch (final SQLException | RuntimeException ex)
        {
            if (ex instanceof WakeupException wakeup)
            {
                throw wakeup; // closing: the loop ends, the batch stays uncommitted
            }
            if (!running())
            {
                return;
            }
            retries.increment();
            log.accept("persister: batch of " + records.count() + " not written (" + ex.getMessage() +
                "); again in " + backoffMillis + " ms");
            rewind(kafka, records);
            pause(backoffMillis);
            backoffMillis = Math.min(backoffMillis * 2, MAX_BACKOFF_MILLIS);
        }
    }

    private List<HoldEvent> events(final ConsumerRecords<String, String> records)
    {
        final List<HoldEvent> events = new ArrayList<>(records.count());
        for (final ConsumerRecord<String, String> record : records)
        {
            try
            {
                events.add(HoldEventJson.read(record.value()));
            }
            catch (final IllegalArgumentException ex)
            {
                malformed.increment();
                log.accept("persister: skipped " + record.topic() + "-" + record.partition() + "@" + record.offset() +
                    ": " + ex.getMessage());
            }
        }
        return events;
    }

    /** Puts every partition of the batch back at its first record, so the next poll returns it again. */
    private static void rewind(final KafkaConsumer<String, String> kafka, final ConsumerRecords<String, String> records)
    {
        final Map<TopicPartition, Long> first = new HashMap<>();
        for (final ConsumerRecord<String, String> record : records)
        {
            first.putIfAbsent(new TopicPartition(record.topic(), record.partition()), record.offset());
        }
        first.forEach((partition, offset) ->
        {
            if (kafka.assignment().contains(partition))
            {
                kafka.seek(partition, offset); // a partition given away meanwhile resumes from its committed offset
            }
        });
    }

    private static void pause(final long millis)
    {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(millis));
    }
}
