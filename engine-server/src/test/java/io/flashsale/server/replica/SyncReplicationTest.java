package io.flashsale.server.replica;

import io.flashsale.server.TestDefaults;
import io.flashsale.server.PrimaryNode;
import io.flashsale.server.ReplicaNode;
import io.flashsale.server.SettingsLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Synchronous replication: with a replica following, writes are answered (once it holds them);
 * with the replica gone, the primary does as FLASHSALE_SYNC_FALLBACK says past the timeout: refuse
 * (503, then every write refused at once, health DEGRADED) or alone (answered, health DEGRADED);
 * the replica back, writes are answered again.
 */
class SyncReplicationTest
{
    private final Shopper shopper = new Shopper();

    @TempDir
    Path dir;

    private static Map<String, String> primary(final Path data, final String fallback)
    {
        final Map<String, String> settings = TestDefaults.settings();
        settings.putAll(Map.of("FLASHSALE_HTTP_PORT", "0", "FLASHSALE_DATA_DIR", data.toString(),
            "FLASHSALE_REPLICATION_PORT", "0", "FLASHSALE_REPLICATION_MODE", "sync", "FLASHSALE_SYNC_TIMEOUT_MS", "300",
            "FLASHSALE_SYNC_FALLBACK", fallback, "FLASHSALE_WRITES_PER_SECOND", "100000", "FLASHSALE_WRITE_BURST", "100000"));
        return settings;
    }

    @Test
    void shouldRefuseWritesWhileNoReplicaConfirmsThem() throws Exception
    {
        try (PrimaryNode primary = PrimaryNode.start(SettingsLoader.from(primary(dir.resolve("p"), "refuse")), line -> { }))
        {
            final String base = "http://127.0.0.1:" + primary.port();
            final InetSocketAddress shipping = new InetSocketAddress("127.0.0.1", primary.replicationPort());
            assertThat(shopper.json(base + "/health").path("replication").asText()).isEqualTo("SYNC");
            try (ReplicaNode replica = Replicas.follower(shipping, dir.resolve("r"), line -> { }))
            {
                for (int i = 0; i < 20; i++)
                {
                    assertThat(shopper.reserve(base, "SKU-0002", "synced-" + i).statusCode()).isEqualTo(201);
                }
            }
            // the replica is gone: the next write waits the timeout, is refused, and so are the ones after, at once
            final HttpResponse<String> late = shopper.reserve(base, "SKU-0002", "late");
            assertThat(late.statusCode()).as(late.body()).isEqualTo(503);
            assertThat(shopper.json(base + "/health").path("replication").asText()).isEqualTo("DEGRADED");
            final long before = System.nanoTime();
            final HttpResponse<String> refused = shopper.reserve(base, "SKU-0002", "refused");
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.body()).contains("OVERLOADED").contains("replica");
            assertThat((System.nanoTime() - before) / 1_000_000).as("refused at once, not after the timeout").isLessThan(250);
            try (ReplicaNode back = Replicas.follower(shipping, dir.resolve("r"), line -> { }))
            {
                await().atMost(Duration.ofSeconds(10)).until(() ->
                    shopper.json(base + "/health").path("replication").asText().equals("SYNC"));
                assertThat(shopper.reserve(base, "SKU-0002", "again").statusCode()).isEqualTo(201);
            }
        }
    }

    @Test
    void shouldAnswerAloneWhenSoConfigured() throws Exception
    {
        try (PrimaryNode primary = PrimaryNode.start(SettingsLoader.from(primary(dir.resolve("p"), "alone")), line -> { }))
        {
            final String base = "http://127.0.0.1:" + primary.port();
            final HttpResponse<String> alone = shopper.reserve(base, "SKU-0002", "alone");
            assertThat(alone.statusCode()).as("no replica at all: answered after the timeout").isEqualTo(201);
            assertThat(shopper.json(base + "/health").path("replication").asText()).isEqualTo("DEGRADED");
            final long before = System.nanoTime();
            assertThat(shopper.reserve(base, "SKU-0002", "alone-2").statusCode()).isEqualTo(201);
            assertThat((System.nanoTime() - before) / 1_000_000).as("degraded: no more waiting").isLessThan(250);
        }
    }
}
