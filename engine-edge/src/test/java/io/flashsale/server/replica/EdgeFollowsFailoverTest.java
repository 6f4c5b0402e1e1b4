package io.flashsale.server.replica;

import io.flashsale.server.TestDefaults;
import com.fasterxml.jackson.databind.JsonNode;
import io.flashsale.edge.Edge;
import io.flashsale.edge.EdgeSettings;
import io.flashsale.server.NodeStart;
import io.flashsale.server.RunningNode;
import io.flashsale.server.SettingsLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A group of two nodes (real Postgres lease, synchronous replication) behind an edge: when the
 * primary goes, the edge finds the new one by itself, and the hold it forwarded before is there.
 */
class EdgeFollowsFailoverTest
{
    private final Shopper shopper = new Shopper();

    @TempDir
    Path dir;

    @Test
    void theEdgeFollowsItsGroupsFailoverAndNothingAcknowledgedIsLost() throws Exception
    {
        try (LeaseDatabase lease = new LeaseDatabase("edgefailover"))
        {
            final int portA = freePort();
            final int portB = freePort();
            final int replicationA = freePort();
            final int replicationB = freePort();
            final Path clusterFile = dir.resolve("cluster.properties");
            Files.writeString(clusterFile, "group.g1=http://127.0.0.1:" + portA + ",http://127.0.0.1:" + portB + "\n");
            final RunningNode a = NodeStart.start(node("a", portA, replicationA, replicationB, clusterFile, lease.name()), line -> { });
            final RunningNode b = NodeStart.start(node("b", portB, replicationB, replicationA, clusterFile, lease.name()), line -> { });
            final Map<String, String> edgeSettings = new HashMap<>(EdgeSettings.DEFAULTS);
            edgeSettings.putAll(Map.of("FLASHSALE_HTTP_PORT", "0", "FLASHSALE_CLUSTER", clusterFile.toString(),
                "FLASHSALE_REDIS_URL", "redis://127.0.0.1:6379", "FLASHSALE_EDGE_LOOK_MS", "50",
                "FLASHSALE_WRITES_PER_SECOND", "100000", "FLASHSALE_WRITE_BURST", "100000"));
            final RunningNode[] again = new RunningNode[1];
            try (Edge edge = Edge.start(EdgeSettings.from(edgeSettings), line -> { }))
            {
                final String base = "http://127.0.0.1:" + edge.port();
                final HttpResponse<String> held = shopper.reserve(base, "SKU-0002", "before-failover");
                assertThat(held.statusCode()).isEqualTo(201);
                final String id = Shopper.JSON.readTree(held.body()).path("reservationId").asText();
                assertThat(id).startsWith("g1-");

                a.close(); // the primary goes; b takes the lease once it lapses
                await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> // b's port is shut while it is promoted
                    "PRIMARY".equals(shopper.json("http://127.0.0.1:" + portB + "/health").path("role").asText()));
                // synchronous replication refuses writes with no replica: a comes back, by itself, as b's replica
                again[0] = NodeStart.start(node("a", portA, replicationA, replicationB, clusterFile, lease.name()), line -> { });
                await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                    .until(() -> shopper.reserve(base, "SKU-0002", "after-" + System.nanoTime()).statusCode() == 201);
                final JsonNode health = shopper.json(base + "/health");
                assertThat(health.path("groups").path("g1").path("primary").asText()).isEqualTo("http://127.0.0.1:" + portB);
                final HttpResponse<String> read = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                        .newBuilder(java.net.URI.create(base + "/api/v1/reservations/" + id)).header("X-User-Id", "before-failover").build(),
                    HttpResponse.BodyHandlers.ofString());
                assertThat(Shopper.JSON.readTree(read.body()).path("status").asText()).isEqualTo("HELD");
            }
            finally
            {
                b.close();
                if (again[0] != null)
                {
                    again[0].close();
                }
            }
        }
    }

    private io.flashsale.server.ServerSettings node(final String name, final int http, final int replication, final int peer,
        final Path clusterFile, final String database)
    {
        final Map<String, String> settings = TestDefaults.settings();
        settings.putAll(Map.of("FLASHSALE_HTTP_PORT", Integer.toString(http), "FLASHSALE_DATA_DIR", dir.resolve(name).toString(),
            "FLASHSALE_REPLICATION_PORT", Integer.toString(replication), "FLASHSALE_PEERS", "127.0.0.1:" + peer,
            "FLASHSALE_LEASE_PG_URL", "jdbc:postgresql://127.0.0.1:5432/" + database, "FLASHSALE_PG_USER", "postgres",
            "FLASHSALE_LEASE_TTL_MS", "1500", "FLASHSALE_CLUSTER", clusterFile.toString(), "FLASHSALE_GROUP", "g1"));
        settings.putAll(Map.of("FLASHSALE_WRITES_PER_SECOND", "100000", "FLASHSALE_WRITE_BURST", "100000"));
        return SettingsLoader.from(settings);
    }

    private static int freePort() throws Exception
    {
        try (ServerSocket socket = new ServerSocket(0))
        {
            return socket.getLocalPort();
        }
    }
}
