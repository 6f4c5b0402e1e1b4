package io.flashsale.backstop.persist;

import io.flashsale.backstop.BackstopSettings;
import io.flashsale.backstop.event.HoldEvent;
import io.flashsale.backstop.event.HoldEventJson;
import io.flashsale.backstop.kafka.KafkaClients;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Kafka to Postgres on a thread of its own: a consumer group on the events topic, each poll
 * written as one transaction of batched idempotent upserts, offsets committed only after the
 * database commit. When Postgres fails the consumer goes back to the batch's first offsets and
 * tries again with backoff, so nothing is skipped and the poll loop stays alive in its group.
 */
public final class EventPersister implements AutoCloseable
{
    private static final int MAX_POLL_RECORDS = 2_000;

    private final BackstopSettings settings;
    private final ReservationStore store;
    private final Consumer<String> log;
    private final Counter eventsPersisted;
    private final Counter malformed;
    private final Counter retries;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile KafkaConsumer<String, String> consumer;

    public EventPersister(final BackstopSettings settings, final ReservationStore store, final MeterRegistry registry,
        final Consumer<String> log)
    {
        this.settings = settings;
        this.store = store;
        this.log = log;
        this.eventsPersisted = Counter.builder("flashsale_events_persisted").register(registry);
        this.malformed = Counter.builder("flashsale_events_malformed").description("records on the events topic that are not hold events")
            .register(registry);
        this.retries = Counter.builder("flashsale_persist_retries").description("batches written again after Postgres failed")
            .register(registry);
        this.thread = new Thread(this::run, "event-persister");
        this.thread.setDaemon(true);
    }

    public EventPersister start()
    {
        thread.start();
        return this;
    }

    private void run()
    {
        migrate();
        try (KafkaConsumer<String, String> kafka = KafkaClients.consumer(settings.kafkaBootstrap(),
            settings.persisterGroup(), MAX_POLL_RECORDS))
        {
            consumer = kafka;
            kafka.subscribe(List.of(settings.eventsTopic()), KafkaClients.loggingRebalances("persister", log));
            long backoff = 100;
            while (running)
            {
                final ConsumerRecords<String, String> records = kafka.poll(Duration.ofMillis(200));
                if (records.isEmpty())
                {
                    continue;
                }
                try
                {
                    store.write(events(records));
                    kafka.commitSync();
                    eventsPersisted.increment(records.count());
                    backoff = 100;
                }
                catch (final java.sql.SQLException | RuntimeException ex)
                {
                    if (ex instanceof WakeupException || !running)
                    {
                        break;
                    }
                    retries.increment();
                    log.accept("persister: batch of " + records.count() + " not written (" + ex.getMessage() +
                        "); again in " + backoff + " ms");
                    rewind(kafka, records);
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(backoff));
                    backoff = Math.min(backoff * 2, 5_000);
                }
            }
        }
        catch (final WakeupException ex)
        {
            // closing
        }
        catch (final RuntimeException ex)
        {
            log.accept("persister stopped: " + ex);
        }
    }

    private void migrate()
    {
        long backoff = 200;
        while (running)
        {
            try
            {
                store.migrate();
                return;
            }
            catch (final RuntimeException ex)
            {
                log.accept("persister waits for Postgres: " + ex.getMessage());
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(backoff));
                backoff = Math.min(backoff * 2, 5_000);
            }
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
