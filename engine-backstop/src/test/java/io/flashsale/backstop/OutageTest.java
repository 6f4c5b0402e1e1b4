package io.flashsale.backstop;

import io.flashsale.backstop.event.HoldEvent;
import io.flashsale.backstop.event.HoldEventJson;
import io.flashsale.backstop.kafka.KafkaClients;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Kafka, then Postgres, stopped for {@code flashsale.outage.seconds} (30) under steady load: the
 * engine answers throughout, and afterwards every hold is in Postgres as it ended, once.
 */
class OutageTest
{
    @TempDir
    Path dataDir;

    @Test
    void kafkaAwayForHalfAMinute() throws Exception
    {
        try (KafkaBroker kafka = KafkaBroker.own(); PostgresDatabase database = PostgresDatabase.fresh())
        {
            final BackstopSettings settings = EngineHarness.settings(kafka.bootstrap(), database.url(), "outage");
            try (EngineHarness engine = new EngineHarness(dataDir, true, settings))
            {
                defineProducts(engine);
                final long restartedAt;
                final Shoppers shoppers = new Shoppers(engine, 400);
                Thread.sleep(3_000);
                kafka.stop();
                final long placedBefore = shoppers.placed();
                Thread.sleep(Shoppers.outageSeconds() * 1_000);
                final long placedDuring = shoppers.placed() - placedBefore;
                kafka.start();
                restartedAt = System.nanoTime();
                Thread.sleep(3_000);
                shoppers.close();
                assertThat(placedDuring).as("holds the engine took while Kafka was away").isPositive();
                assertThat(shoppers.failures).hasValue(0);

                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                    assertThat(Rows.statuses(database)).isEqualTo(shoppers.expected));
                System.out.printf("kafka outage %d s: %d holds (%d during the outage); Postgres complete %.1f s after the broker restarted%n",
                    Shoppers.outageSeconds(), shoppers.placed(), placedDuring, (System.nanoTime() - restartedAt) / 1e9);
                assertEventsInJournalOrderPerSku(kafka.bootstrap(), settings.eventsTopic());
            }
        }
    }

    @Test
    void postgresAwayForHalfAMinute() throws Exception
    {
        final KafkaBroker kafka = KafkaBroker.shared();
        try (PostgresDatabase database = PostgresDatabase.ownServer())
        {
            final BackstopSettings settings = EngineHarness.settings(kafka.bootstrap(), database.url(),
                UUID.randomUUID().toString());
            try (EngineHarness engine = new EngineHarness(dataDir, true, settings))
            {
                defineProducts(engine);
                final Shoppers shoppers = new Shoppers(engine, 400);
                Thread.sleep(3_000);
                database.stopServer();
                Thread.sleep(Shoppers.outageSeconds() * 1_000);
                database.startServer();
                final long restartedAt = System.nanoTime();
                Thread.sleep(3_000);
                shoppers.close();
                assertThat(shoppers.failures).hasValue(0);
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                    assertThat(Rows.statuses(database)).isEqualTo(shoppers.expected));
                System.out.printf("postgres outage %d s: %d holds; Postgres complete %.1f s after it restarted%n",
                    Shoppers.outageSeconds(), shoppers.placed(), (System.nanoTime() - restartedAt) / 1e9);
                assertThat(Rows.count(database, "SELECT count(*) FROM orders"))
                    .isEqualTo(shoppers.expected.values().stream().filter("CONFIRMED"::equals).count());
            }
        }
    }

    private static void defineProducts(final EngineHarness engine)
    {
        engine.define("SKU-A", 1_000_000, 600);
        engine.define("SKU-B", 1_000_000, 600);
    }

    /** Resends may repeat events; their first appearances per SKU must be in journal order. */
    private static void assertEventsInJournalOrderPerSku(final String bootstrap, final String topic)
    {
        final Map<String, List<Long>> indexesBySku = new HashMap<>();
        final Set<String> seen = new HashSet<>();
        try (KafkaConsumer<String, String> consumer = KafkaClients.consumer(bootstrap, "order-" + UUID.randomUUID(), 5_000))
        {
            consumer.subscribe(List.of(topic));
            int empty = 0;
            while (empty < 10)
            {
                final var records = consumer.poll(Duration.ofMillis(300));
                empty = records.isEmpty() ? empty + 1 : 0;
                for (final ConsumerRecord<String, String> record : records)
                {
                    final HoldEvent event = HoldEventJson.read(record.value());
                    if (seen.add(event.type() + event.reservationId()))
                    {
                        indexesBySku.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(event.journalIndex());
                    }
                }
            }
        }
        assertThat(indexesBySku).isNotEmpty();
        indexesBySku.forEach((sku, indexes) -> assertThat(indexes).as(sku).isSorted());
    }
}
