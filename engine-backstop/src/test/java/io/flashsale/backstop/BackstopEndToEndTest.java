package io.flashsale.backstop;

import io.flashsale.backstop.event.HoldEvent;
import io.flashsale.backstop.event.HoldEventJson;
import io.flashsale.backstop.event.HoldEventType;
import io.flashsale.backstop.kafka.KafkaClients;
import io.flashsale.engine.command.ReservationStatus;
import io.flashsale.engine.command.ResultCode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Engine → journal → exporter → real Kafka → persister → real Postgres, and the sweeper, end to end. */
class BackstopEndToEndTest
{
    private static KafkaBroker kafka;

    @TempDir
    Path dataDir;
    private PostgresDatabase database;
    private BackstopSettings settings;

    @BeforeAll
    static void broker() throws Exception
    {
        kafka = KafkaBroker.shared();
    }

    @BeforeEach
    void database() throws Exception
    {
        database = PostgresDatabase.fresh();
        settings = EngineHarness.settings(kafka.bootstrap(), database.url(), UUID.randomUUID().toString());
    }

    @AfterEach
    void dropDatabase() throws Exception
    {
        database.close();
    }

    @Test
    void reserveConfirmCancelAndExpireBecomeRowsAndOrders()
    {
        final Map<String, String> expected = new HashMap<>();
        try (EngineHarness engine = new EngineHarness(dataDir, true, settings))
        {
            engine.define("SKU-A", 100, 120);
            engine.define("SKU-B", 100, 1);
            final String confirmed = engine.reserve("SKU-A", "alice", 2).reservationId();
            final String cancelled = engine.reserve("SKU-A", "bob", 1).reservationId();
            final String held = engine.reserve("SKU-A", "carol", 3).reservationId();
            final String expiring = engine.reserve("SKU-B", "dave", 1).reservationId();
            assertThat(engine.confirm(confirmed, "alice").status()).isEqualTo(ReservationStatus.CONFIRMED);
            assertThat(engine.cancel(cancelled, "bob").status()).isEqualTo(ReservationStatus.CANCELLED);
            expected.put(confirmed, "CONFIRMED");
            expected.put(cancelled, "CANCELLED");
            expected.put(held, "HELD");
            expected.put(expiring, "EXPIRED"); // hold of 1 s, let go by the wheel

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(Rows.statuses(database)).isEqualTo(expected));
            assertThat(Rows.orders(database)).containsExactly(Map.entry("O-" + confirmed, confirmed));
            assertThat(Rows.count(database, "SELECT count(*) FROM reservations WHERE status = 'HELD' AND " +
                "expires_at > placed_at + interval '119 seconds'")).isEqualTo(1);

            final List<ConsumerRecord<String, String>> records = readAll(settings.eventsTopic(), 6);
            assertThat(records).allSatisfy(record ->
                assertThat(HoldEventJson.read(record.value()).sku()).isEqualTo(record.key()));
            assertThat(records).extracting(record -> HoldEventJson.read(record.value()).type())
                .containsOnly(HoldEventType.values());
            assertThat(records.get(0).value()).contains("\"journalIndex\":", "\"at\":\"20", "\"userId\":\"");
        }
    }

    @Test
    void exportResumesAfterARestartWithoutGapsOrDoubles()
    {
        final List<String> placed = new ArrayList<>();
        try (EngineHarness engine = new EngineHarness(dataDir, true, settings))
        {
            engine.define("SKU-A", 10_000, 120);
            for (int i = 0; i < 300; i++)
            {
                placed.add(engine.reserve("SKU-A", "user-" + i, 1).reservationId());
            }
        } // stopped mid-export: some events sent, some not yet
        try (EngineHarness engine = new EngineHarness(dataDir, true, settings))
        {
            for (int i = 300; i < 600; i++)
            {
                placed.add(engine.reserve("SKU-A", "user-" + i, 1).reservationId());
            }
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(Rows.statuses(database).keySet()).containsExactlyInAnyOrderElementsOf(placed));
            await().atMost(Duration.ofSeconds(10)).until(() ->
                engine.backstop().exporter().exportedIndex(0) >= engine.journalIndex() - 200);
        }
        final List<HoldEvent> events = readAll(settings.eventsTopic(), 600).stream()
            .map(record -> HoldEventJson.read(record.value())).toList();
        assertThat(events.stream().map(HoldEvent::reservationId).distinct()).containsExactlyElementsOf(placed);
        assertThat(events.stream().map(HoldEvent::journalIndex).toList()).isSorted();
    }

    @Test
    void withTheEngineLayersOnTheSweeperFindsNothing() throws Exception
    {
        try (EngineHarness engine = new EngineHarness(dataDir, true, settings))
        {
            engine.define("SKU-B", 100, 1);
            final String hold = engine.reserve("SKU-B", "erin", 1).reservationId();
            await().atMost(Duration.ofSeconds(30)).until(() -> "EXPIRED".equals(Rows.statuses(database).get(hold)));
            assertThat(engine.backstop().sweeper().sweep()).isZero();
            assertThat(engine.registry.counter("flashsale_sweeper_rows_found").count()).isZero();
            assertThat(engine.registry.counter("flashsale_sweeper_runs").count()).isPositive();
        }
    }

    @Test
    void withTheEngineLayersOffTheSweeperExpiresTheOverdueHold()
    {
        try (EngineHarness engine = new EngineHarness(dataDir, false, settings))
        {
            engine.define("SKU-B", 10, 1);
            final var answer = engine.reserve("SKU-B", "frank", 4);
            assertThat(answer.result()).isEqualTo(ResultCode.OK);
            assertThat(engine.availability("SKU-B").available).isEqualTo(6);
            await().atMost(Duration.ofSeconds(30)).until(() -> "HELD".equals(Rows.statuses(database).get(answer.reservationId())));

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(Rows.statuses(database)).containsEntry(answer.reservationId(), "EXPIRED"));
            assertThat(engine.availability("SKU-B").available).isEqualTo(10);
            assertThat(engine.shard().stats().expiries(io.flashsale.engine.state.ExpiryLayer.SWEEPER)).isEqualTo(1);
            assertThat(engine.shard().stats().expiries(io.flashsale.engine.state.ExpiryLayer.WHEEL)).isZero();
            assertThat(engine.registry.counter("flashsale_sweeper_rows_found").count()).isEqualTo(1);
        }
    }

    private static List<ConsumerRecord<String, String>> readAll(final String topic, final int atLeast)
    {
        final List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = KafkaClients.consumer(kafka.bootstrap(), "reader-" + UUID.randomUUID(), 1_000))
        {
            consumer.subscribe(List.of(topic));
            final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.size() < atLeast && System.nanoTime() < deadline)
            {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }
}
