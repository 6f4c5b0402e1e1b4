package io.flashsale.server.replica;

import io.flashsale.server.TestDefaults;
import io.flashsale.server.NodeStart;
import io.flashsale.server.PrimaryNode;
import io.flashsale.server.ReplicaNode;
import io.flashsale.server.RunningNode;
import io.flashsale.server.SettingsLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Nodes started alike (real Postgres for the lease): the first takes the lease and is the primary;
 * the second, started the same way while the lease is held, follows it as its replica, answers
 * writes 503 NOT_PRIMARY with the primary's address in Location, and takes over when the primary
 * goes; the first, restarted with its same settings, comes back as the new primary's replica.
 */
class GroupTest
{
    private final Shopper shopper = new Shopper();
    private LeaseDatabase leaseDatabase;
    private String database;

    @TempDir
    Path dir;

    @BeforeEach
    void createDatabase() throws Exception
    {
        leaseDatabase = new LeaseDatabase("group");
        database = leaseDatabase.name();
    }

    @AfterEach
    void dropDatabase() throws Exception
    {
        leaseDatabase.close();
    }

    /** One node's settings, as run.sh would read them: no node id (the default tells them apart). */
    private io.flashsale.server.ServerSettings node(final String name)
    {
        final Map<String, String> settings = TestDefaults.settings();
        settings.putAll(Map.of("FLASHSALE_HTTP_PORT", "0", "FLASHSALE_DATA_DIR", dir.resolve(name).toString(),
            "FLASHSALE_REPLICATION_PORT", "0", "FLASHSALE_LEASE_PG_URL", "jdbc:postgresql://127.0.0.1:5432/" + database,
            "FLASHSALE_PG_USER", "postgres", "FLASHSALE_LEASE_TTL_MS", "1500",
            "FLASHSALE_WRITES_PER_SECOND", "100000", "FLASHSALE_WRITE_BURST", "100000"));
        return SettingsLoader.from(settings);
    }

    @Test
    void shouldMakeTheSecondNodeAReplicaThatTakesOverAndTheFirstRejoinAsItsReplica() throws Exception
    {
        final RunningNode a = NodeStart.start(node("a"), line -> { });
        final String baseA = "http://127.0.0.1:" + a.port();
        assertThat(a).isInstanceOf(PrimaryNode.class);
        final HttpResponse<String> held = shopper.reserve(baseA, "SKU-0002", "alice");
        assertThat(held.statusCode()).isEqualTo(201);
        final String reservation = Shopper.JSON.readTree(held.body()).path("reservationId").asText();

        final RunningNode b = NodeStart.start(node("b"), line -> { });
        final String baseB = "http://127.0.0.1:" + b.port();
        try
        {
            assertThat(b).isInstanceOf(ReplicaNode.class);
            await().atMost(Duration.ofSeconds(10)).until(() ->
                shopper.json(baseB + "/health").path("journalIndex").asLong() >= a.journalIndex());
            assertThat(shopper.json(baseB + "/health").path("role").asText()).isEqualTo("REPLICA");
            await().atMost(Duration.ofSeconds(5)).until(() -> shopper.reserve(baseB, "SKU-0002", "bob").headers()
                .firstValue("Location").orElse("").equals(baseA));
            final HttpResponse<String> refused = shopper.reserve(baseB, "SKU-0002", "bob");
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.body()).contains("NOT_PRIMARY");

            a.close(); // a clean stop hands the lease over at once
            await().atMost(Duration.ofSeconds(15)).until(() -> ((ReplicaNode)b).promoted() != null);
            assertThat(shopper.json(baseB + "/health").path("role").asText()).isEqualTo("PRIMARY");
            assertThat(shopper.get(baseB + "/api/v1/reservations/" + reservation, "alice").statusCode()).isEqualTo(200);
            assertThat(shopper.reserve(baseB, "SKU-0002", "carol").statusCode()).isEqualTo(201);

            final RunningNode again = NodeStart.start(node("a"), line -> { });
            try
            {
                final String baseAgain = "http://127.0.0.1:" + again.port();
                assertThat(again).as("the old primary comes back as the new one's replica").isInstanceOf(ReplicaNode.class);
                await().atMost(Duration.ofSeconds(10)).until(() ->
                    shopper.json(baseAgain + "/health").path("journalIndex").asLong() >= b.journalIndex());
                assertThat(shopper.json(baseAgain + "/health").path("role").asText()).isEqualTo("REPLICA");
                assertThat(shopper.reserve(baseAgain, "SKU-0002", "dave").headers().firstValue("Location")).hasValue(baseB);
            }
            finally
            {
                again.close();
            }
        }
        finally
        {
            b.close();
        }
    }
}
