package io.flashsale.backstop.export;

import io.flashsale.backstop.BackstopSettings;
import io.flashsale.backstop.event.HoldEvent;
import io.flashsale.backstop.event.HoldEventCollector;
import io.flashsale.backstop.event.HoldEventJson;
import io.flashsale.backstop.kafka.KafkaClients;
import io.flashsale.journal.DataDirectory;
import io.flashsale.journal.JournalFollower;
import io.flashsale.journal.JournalSettings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Hold events from the journal to Kafka, on a thread of its own: the engine's latency never waits
 * for Kafka. Each shard has a {@link JournalFollower} whose engine replays the journal behind the
 * primary and whose listener yields the events; a round sends what every follower produced, waits
 * for Kafka's acknowledgement (acks=all, idempotent producer) and only then stores the positions.
 * While Kafka is away the round is resent until it is acknowledged and the followers do not move
 * on, so nothing is skipped and per-SKU order holds; a resend can repeat events, which carry their
 * journal index for consumers to drop.
 */
public final class EventExporter implements AutoCloseable
{
    private static final int DOCUMENTS_PER_ROUND = 4_096;
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    private static final long SAVE_POSITION_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private final DataDirectory directory;
    private final JournalSettings journalSettings;
    private final BackstopSettings settings;
    private final ExportPositions positions;
    private final Consumer<String> log;
    private final AtomicLongArray exported;
    private final Counter eventsExported;
    private final Counter resends;
    private final Counter failures;
    private final Thread thread;
    private final KafkaProducer<String, String> producer;
    private volatile boolean running = true;

    public EventExporter(final DataDirectory directory, final JournalSettings journalSettings,
        final BackstopSettings settings, final MeterRegistry registry, final Consumer<String> log)
    {
        this.directory = directory;
        this.journalSettings = journalSettings;
        this.settings = settings;
        this.positions = new ExportPositions(directory.root());
        this.log = log;
        final int shards = directory.layout().shards();
        this.exported = new AtomicLongArray(shards);
        for (int shard = 0; shard < shards; shard++)
        {
            exported.set(shard, positions.read(shard));
            final int id = shard;
            Gauge.builder("flashsale_export_position", exported, a -> a.get(id)).tag("shard", Integer.toString(id))
                .description("last journal index whose events Kafka acknowledged").register(registry);
        }
        this.eventsExported = Counter.builder("flashsale_events_exported").register(registry);
        this.resends = Counter.builder("flashsale_export_resends").description("rounds sent again after Kafka failed")
            .register(registry);
        this.failures = Counter.builder("flashsale_export_failures")
            .description("times the exporter restarted from its stored positions").register(registry);
        this.producer = KafkaClients.producer(settings.kafkaBootstrap(), "flashsale-exporter");
        this.thread = new Thread(this::run, "event-exporter");
        this.thread.setDaemon(true);
    }

    public EventExporter start()
    {
        thread.start();
        return this;
    }

    /** The last journal index of {@code shard} whose events are in Kafka. */
    public long exportedIndex(final int shard)
    {
        return exported.get(shard);
    }

    /** Exports until closed; a failure (the disk, the journal, the Kafka client) restarts from the stored positions. */
    private void run()
    {
        long backoff = 500;
        while (running)
        {
            try
            {
                export();
                return;
            }
            catch (final RuntimeException ex)
            {
                if (!running)
                {
                    return;
                }
                failures.increment();
                log.accept("event export failed (" + ex + "); restarting from the stored positions in " + backoff + " ms");
                sleep(backoff);
                backoff = Math.min(backoff * 2, 10_000);
            }
        }
    }

    private void export()
    {
        final List<HoldEvent> round = new ArrayList<>();
        final List<JournalFollower> followers = new ArrayList<>();
        try
        {
            ensureTopics();
            for (int shard = 0; shard < exported.length() && running; shard++)
            {
                final HoldEventCollector collector = new HoldEventCollector(round, settings.reservationIds());
                final JournalFollower follower = JournalFollower.start(directory, shard, exported.get(shard),
                    journalSettings, collector, collector, log);
                followers.add(follower);
            }
            log.accept("event export to " + settings.eventsTopic() + " from journal index " + describe(followers));
            long lastSave = System.nanoTime();
            boolean unsaved = false;
            while (running)
            {
                int applied = 0;
                for (final JournalFollower follower : followers)
                {
                    applied += follower.poll(DOCUMENTS_PER_ROUND);
                }
                if (!round.isEmpty())
                {
                    if (!deliver(round))
                    {
                        break; // closing with the round unacknowledged: the stored positions stay before it
                    }
                    round.clear();
                }
                unsaved |= applied > 0;
                // positions are fsynced, so not after every round: a restart then resends a little more
                if (unsaved && System.nanoTime() - lastSave > SAVE_POSITION_EVERY_NANOS)
                {
                    savePositions(followers);
                    lastSave = System.nanoTime();
                    unsaved = false;
                }
                if (applied == 0)
                {
                    LockSupport.parkNanos(IDLE_PARK_NANOS);
                }
            }
            if (round.isEmpty())
            {
                savePositions(followers); // everything applied was acknowledged
            }
        }
        finally
        {
            followers.forEach(JournalFollower::close);
        }
    }

    private void ensureTopics()
    {
        long backoff = 200;
        while (running)
        {
            try
            {
                KafkaClients.ensureTopics(settings.kafkaBootstrap(), settings.topicPartitions(),
                    List.of(settings.eventsTopic(), settings.commandsTopic()));
                return;
            }
            catch (final IllegalStateException ex)
            {
                log.accept("event export waits for Kafka: " + ex.getMessage());
                sleep(backoff);
                backoff = Math.min(backoff * 2, 5_000);
            }
        }
    }

    /**
     * Sends the round and returns once Kafka has acknowledged all of it, resending after failures.
     *
     * @return false when closing stopped it first.
     */
    private boolean deliver(final List<HoldEvent> round)
    {
        long backoff = 100;
        while (running)
        {
            try
            {
                final List<Future<RecordMetadata>> sends = new ArrayList<>(round.size());
                for (final HoldEvent event : round)
                {
                    sends.add(producer.send(new ProducerRecord<>(settings.eventsTopic(), event.sku(), HoldEventJson.write(event))));
                }
                producer.flush();
                for (final Future<RecordMetadata> send : sends)
                {
                    send.get();
                }
                eventsExported.increment(round.size());
                return true;
            }
            catch (final ExecutionException | RuntimeException ex)
            {
                if (!running)
                {
                    return false;
                }
                resends.increment();
                log.accept("event export: Kafka did not take " + round.size() + " events (" + ex.getMessage() +
                    "); sending them again in " + backoff + " ms");
                sleep(backoff);
                backoff = Math.min(backoff * 2, 5_000);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    private void savePositions(final List<JournalFollower> followers)
    {
        for (final JournalFollower follower : followers)
        {
            if (follower.lastApplied() != exported.get(follower.shard()))
            {
                positions.write(follower.shard(), follower.lastApplied());
                exported.set(follower.shard(), follower.lastApplied());
            }
        }
    }

    private static String describe(final List<JournalFollower> followers)
    {
        final StringBuilder text = new StringBuilder();
        for (final JournalFollower follower : followers)
        {
            text.append(text.isEmpty() ? "" : ", ").append("shard ").append(follower.shard()).append(": ")
                .append(follower.lastApplied());
        }
        return text.toString();
    }

    private static void sleep(final long millis)
    {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    @Override
    public void close()
    {
        running = false;
        try
        {
            thread.join(3_000); // a round in flight normally finishes and its positions are stored
            producer.close(Duration.ofSeconds(2)); // else Kafka is away: give up the round, resent at restart
            thread.join(10_000);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
