package io.flashsale.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The server with FLASHSALE_KAFKA_BOOTSTRAP and FLASHSALE_PG_URL set: shoppers' holds reach real
 * Postgres through real Kafka, and the backstop's meters are on /metrics.
 */
class BackstopWiringTest
{
    @TempDir
    Path dir;

    @Test
    void holdsMadeOverHttpReachPostgres() throws Exception
    {
        final Process kafka = new ProcessBuilder("bash", Path.of("..", "scripts", "kafka.sh").toString(), "start")
            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(kafka.waitFor(180, TimeUnit.SECONDS) && kafka.exitValue() == 0).as("kafka.sh start").isTrue();
        final String database = "flashsale_gw_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        execute("jdbc:postgresql://127.0.0.1:5432/postgres", "CREATE DATABASE " + database);
        final String url = "jdbc:postgresql://127.0.0.1:5432/" + database;
        final String suffix = UUID.randomUUID().toString();
        try (TestServer api = TestServer.start(dir, Map.of(
            "FLASHSALE_KAFKA_BOOTSTRAP", "127.0.0.1:9092",
            "FLASHSALE_KAFKA_EVENTS_TOPIC", "flashsale.events." + suffix,
            "FLASHSALE_KAFKA_COMMANDS_TOPIC", "flashsale.commands." + suffix,
            "FLASHSALE_PG_URL", url, "FLASHSALE_PG_USER", "postgres")))
        {
            final String confirmed = api.reserve("ann", "HOT", 1).body().get("reservationId").asText();
            final String expiring = api.reserve("ben", "SHORT", 2).body().get("reservationId").asText();
            assertThat(api.post("/api/v1/reservations/" + confirmed + "/confirm", "", "X-User-Id", "ann").status())
                .isEqualTo(200);

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(statuses(url)).containsEntry(confirmed, "CONFIRMED").containsEntry(expiring, "EXPIRED"));
            assertThat(query(url, "SELECT order_id FROM orders")).containsKey("O-" + confirmed);
            assertThat(api.get("/metrics").raw().body())
                .contains("flashsale_events_exported", "flashsale_events_persisted", "flashsale_sweeper_runs",
                    "flashsale_export_position");
        }
        finally
        {
            execute("jdbc:postgresql://127.0.0.1:5432/postgres", "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    private static Map<String, String> statuses(final String url) throws Exception
    {
        return query(url, "SELECT reservation_id, status FROM reservations");
    }

    private static Map<String, String> query(final String url, final String sql) throws Exception
    {
        final Map<String, String> rows = new HashMap<>();
        try (Connection connection = DriverManager.getConnection(url, "postgres", "");
             Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql))
        {
            while (result.next())
            {
                rows.put(result.getString(1), result.getMetaData().getColumnCount() > 1 ? result.getString(2) : "");
            }
        }
        catch (final java.sql.SQLException ex)
        {
            return Map.of(); // the schema may not be there yet
        }
        return rows;
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
