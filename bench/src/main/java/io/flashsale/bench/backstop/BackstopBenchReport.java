package io.flashsale.bench.backstop;

import io.flashsale.bench.BenchArgs;
import io.flashsale.backstop.Backstop;
import io.flashsale.backstop.BackstopSettings;
import io.flashsale.backstop.event.HoldEvent;
import io.flashsale.backstop.event.HoldEventJson;
import io.flashsale.backstop.event.HoldEventType;
import io.flashsale.backstop.export.EventExporter;
import io.flashsale.backstop.kafka.KafkaClients;
import io.flashsale.bench.BenchReportFile;
import io.flashsale.bench.EngineLoad;
import io.flashsale.engine.shard.CommandCompletionListener;
import io.flashsale.engine.shard.HoldTicker;
import io.flashsale.journal.DataDirectory;
import io.flashsale.journal.JournalSettings;
import io.flashsale.journal.JournaledEngine;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code scripts/bench.sh backstop}: the backstop's figures against the real Kafka on
 * 127.0.0.1:9092 and the real Postgres on 127.0.0.1:5432, in one run:
 * <ol>
 *   <li>a raw idempotent Kafka producer sending the same JSON (the ceiling of the export);</li>
 *   <li>the exporter: events/s from a journal already written (follower replay + Kafka acks);</li>
 *   <li>end to end under a steady load: delay from the hold's engine time to its Postgres row.</li>
 * </ol>
 */
public final class BackstopBenchReport
{
    private static final String BOOTSTRAP = "127.0.0.1:9092";
    private static final String PG_ADMIN = "jdbc:postgresql://127.0.0.1:5432/postgres";

    private BackstopBenchReport()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final BenchArgs arguments = new BenchArgs(args);
        final Path reports = arguments.reports();
        final int events = (int)arguments.number(1, 300_000);
        final int holdsPerSecond = (int)arguments.number(2, 2_000);
        final int seconds = (int)arguments.number(3, 15);
        final Path work = Files.createTempDirectory(Path.of("bench/target").toAbsolutePath(), "backstop-bench");

        final double raw = rawProducer(events);
        System.out.printf(Locale.ROOT, "raw producer: %,.0f events/s%n", raw);
        final double exported = exporter(work.resolve("export"), events);
        System.out.printf(Locale.ROOT, "exporter: %,.0f events/s%n", exported);
        final double[] delay = endToEnd(work.resolve("e2e"), holdsPerSecond, seconds);
        System.out.printf(Locale.ROOT, "hold -> Postgres row: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", delay[0], delay[1], delay[2]);

        final String table = String.format(Locale.ROOT, """
            | measurement (real Kafka 127.0.0.1:9092, real Postgres 127.0.0.1:5432) | figure | ratio |
            |---|---:|---:|
            | raw idempotent producer, acks=all, %,d hold-event JSONs | %,.0f events/s | 1.00 |
            | exporter: journal follower + producer, %,d holds already journaled | %,.0f events/s | %.2f |
            | end to end at %,d holds/s for %d s (first 5 s not counted): engine time of the hold to its Postgres row, p50 | %.1f ms | |
            | same, p99 | %.1f ms | |
            | same, max | %.1f ms | |
            """, events, raw, events, exported, exported / raw, holdsPerSecond, seconds, delay[0], delay[1], delay[2]);
        System.out.println();
        System.out.println(table);
        System.out.println("report: " + BenchReportFile.write(reports, "backstop", table));
    }

    private static double rawProducer(final int events) throws Exception
    {
        final String topic = "bench.raw." + UUID.randomUUID();
        KafkaClients.ensureTopics(BOOTSTRAP, 8, java.util.List.of(topic));
        final String json = HoldEventJson.write(new HoldEvent(HoldEventType.HOLD_PLACED, "0-123456", "BENCH-SKU",
            "user-12345", 1, System.currentTimeMillis(), System.currentTimeMillis() + 120_000, 123_456));
        try (KafkaProducer<String, String> producer = KafkaClients.producer(BOOTSTRAP, "bench-raw"))
        {
            final long start = System.nanoTime();
            for (int i = 0; i < events; i++)
            {
                producer.send(new ProducerRecord<>(topic, "BENCH-SKU-" + (i & 7), json));
            }
            producer.flush();
            return events / ((System.nanoTime() - start) / 1e9);
        }
    }

    private static double exporter(final Path dataDir, final int holds) throws Exception
    {
        final AtomicLong completed = new AtomicLong();
        final CommandCompletionListener counter = command -> completed.incrementAndGet();
        try (JournaledEngine engine = EngineLoad.start(dataDir, counter))
        {
            EngineLoad.define(engine, 8, holds);
            final EngineLoad.Reservations reservations = new EngineLoad.Reservations(engine, 8, 100_000);
            final long before = completed.get();
            for (int i = 0; i < holds; i++)
            {
                reservations.reserve(i, System.currentTimeMillis());
            }
            while (completed.get() - before < holds)
            {
                Thread.onSpinWait();
            }
        }
        final DataDirectory directory = new DataDirectory(dataDir);
        final long end = journalEnd(directory);
        final String suffix = UUID.randomUUID().toString();
        final BackstopSettings settings = new BackstopSettings(BOOTSTRAP, "bench.events." + suffix,
            "bench.commands." + suffix, 8, null, null, null, 5_000, 10_000);
        KafkaClients.ensureTopics(BOOTSTRAP, 8, java.util.List.of(settings.eventsTopic(), settings.commandsTopic()));
        final long start = System.nanoTime();
        try (EventExporter exporter = new EventExporter(directory, JournalSettings.defaults(), settings,
            new SimpleMeterRegistry(), line -> { }).start())
        {
            while (exporter.exportedIndex(0) < end)
            {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
        }
        return holds / ((System.nanoTime() - start) / 1e9);
    }

    private static long journalEnd(final DataDirectory directory)
    {
        final io.flashsale.journal.ShardRecovery.Result result = new io.flashsale.journal.ShardRecovery(directory,
            directory.layout(), JournalSettings.defaults(), line -> { })
            .recover(0, io.flashsale.engine.state.EngineListener.NONE,
                io.flashsale.journal.ShardRecovery.Options.readOnly(Long.MAX_VALUE, true));
        return result.lastIndex();
    }

    /** @return p50, p99, max of (row inserted - hold's engine time) in ms, after the first 5 s (JIT, group join). */
    private static double[] endToEnd(final Path dataDir, final int holdsPerSecond, final int seconds) throws Exception
    {
        final String database = "flashsale_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        execute(PG_ADMIN, "CREATE DATABASE " + database);
        final String url = "jdbc:postgresql://127.0.0.1:5432/" + database;
        final String suffix = UUID.randomUUID().toString();
        final BackstopSettings settings = new BackstopSettings(BOOTSTRAP, "bench.events." + suffix,
            "bench.commands." + suffix, 8, url, "postgres", null, 5_000, 10_000);
        try (JournaledEngine engine = EngineLoad.start(dataDir, CommandCompletionListener.NONE);
             HoldTicker ticker = new HoldTicker(engine.shards(), System::currentTimeMillis, 10);
             Backstop backstop = Backstop.start(settings, engine.directory(), JournalSettings.defaults(), id -> true,
                 System::currentTimeMillis, new SimpleMeterRegistry(), line -> { }))
        {
            EngineLoad.define(engine, 8, holdsPerSecond * seconds);
            final EngineLoad.Reservations reservations = new EngineLoad.Reservations(engine, 8, 100_000);
            Thread.sleep(3_000); // the persister's migration and group join
            final int total = holdsPerSecond * seconds;
            final long start = System.nanoTime();
            for (int i = 0; i < total; i++)
            {
                final long due = start + i * 1_000_000_000L / holdsPerSecond;
                while (System.nanoTime() < due)
                {
                    LockSupport.parkNanos(50_000);
                }
                reservations.reserve(i, System.currentTimeMillis());
            }
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (count(url) < total && System.nanoTime() < deadline)
            {
                Thread.sleep(200);
            }
            try (Connection connection = DriverManager.getConnection(url, "postgres", "");
                 Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("""
                     SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY d), percentile_cont(0.99) WITHIN GROUP (ORDER BY d), max(d)
                     FROM (SELECT extract(epoch FROM persisted_at - placed_at) * 1000 AS d FROM reservations
                           WHERE placed_at > (SELECT min(placed_at) + interval '5 seconds' FROM reservations)) delays"""))
            {
                rows.next();
                return new double[]{rows.getDouble(1), rows.getDouble(2), rows.getDouble(3)};
            }
        }
        finally
        {
            execute(PG_ADMIN, "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    private static long count(final String url) throws Exception
    {
        try (Connection connection = DriverManager.getConnection(url, "postgres", "");
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM reservations"))
        {
            rows.next();
            return rows.getLong(1);
        }
        catch (final java.sql.SQLException ex)
        {
            return 0; // not migrated yet
        }
    }

    private static void execute(final String url, final String sql) throws Exception
    {
        try (Connection connection = DriverManager.getConnection(url, "postgres", "");
             Statement statement = connection.createStatement())
        {
            statement.execute(sql);
        }
    }
}
