package io.flashsale.server.replica;

import io.flashsale.server.TestDefaults;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flashsale.server.PrimaryNode;
import io.flashsale.server.ReplicaNode;
import io.flashsale.server.SettingsLoader;
import io.flashsale.replica.lease.PrimaryLease;
import io.flashsale.journal.DataDirectory;
import io.flashsale.journal.JournalSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The primary lease in a real Postgres (127.0.0.1:5432, a database of this test's own): a replica
 * takes over when the primary stops renewing, with every reservation it had received; a primary
 * whose lease was taken stops serving; a second primary cannot start while the lease is held; a
 * replica never takes a lease nobody held.
 */
class PromotionTest
{
    private static final ObjectMapper JSON = Shopper.JSON;
    private final Shopper shopper = new Shopper();
    private LeaseDatabase leaseDatabase;
    private String database;

    @TempDir
    Path dir;

    @BeforeEach
    void createDatabase() throws Exception
    {
        leaseDatabase = new LeaseDatabase("lease");
        database = leaseDatabase.name();
    }

    @AfterEach
    void dropDatabase() throws Exception
    {
        leaseDatabase.close();
    }

    private Map<String, String> node(final String name, final Path data, final boolean leased)
    {
        final Map<String, String> settings = TestDefaults.settings();
        settings.putAll(Map.of("FLASHSALE_HTTP_PORT", "0", "FLASHSALE_DATA_DIR", data.toString(),
            "FLASHSALE_REPLICATION_PORT", "0", "FLASHSALE_NODE_ID", name,
            "FLASHSALE_WRITES_PER_SECOND", "100000", "FLASHSALE_WRITE_BURST", "100000"));
        if (leased)
        {
            settings.putAll(Map.of("FLASHSALE_LEASE_PG_URL", "jdbc:postgresql://127.0.0.1:5432/" + database,
                "FLASHSALE_PG_USER", "postgres", "FLASHSALE_LEASE_TTL_MS", "1500"));
        }
        return settings;
    }

    @Test
    void aReplicaTakesOverWhenThePrimaryStopsWithEveryReservationItHadReceived() throws Exception
    {
        final List<String[]> holds = new ArrayList<>();
        final List<String> replicaLog = java.util.Collections.synchronizedList(new ArrayList<>());
        final ReplicaNode replica;
        final String replicaBase;
        try (PrimaryNode primary = PrimaryNode.start(SettingsLoader.from(node("primary-a", dir.resolve("a"), true)), line -> { }))
        {
            final String base = "http://127.0.0.1:" + primary.port();
            for (int i = 0; i < 10; i++)
            {
                final HttpResponse<String> answer = reserve(base, "SKU-000" + (1 + i % 3), "shopper-" + i);
                assertThat(answer.statusCode()).isEqualTo(201);
                holds.add(new String[]{JSON.readTree(answer.body()).path("reservationId").asText(), "shopper-" + i});
            }
            replica = Replicas.start(new InetSocketAddress("127.0.0.1", primary.replicationPort()), dir.resolve("b"),
                node("replica-b", dir.resolve("unused"), true),
                JournalSettings.defaults().withCheckpointsAndSnapshots(1_000_000, 50, 60_000, 3), replicaLog::add);
            replicaBase = "http://127.0.0.1:" + replica.port();
            await().atMost(Duration.ofSeconds(10)).until(() ->
                json(replicaBase + "/health").path("journalIndex").asLong() >= json(base + "/health").path("journalIndex").asLong());
            assertThat(json(replicaBase + "/health").path("role").asText()).isEqualTo("REPLICA");
            await().atMost(Duration.ofSeconds(10)).until(() -> !new DataDirectory(dir.resolve("b")).snapshots(0).newestFirst().isEmpty());
            Thread.sleep(2_000); // longer than the ttl: a renewing primary keeps its lease
            assertThat(replica.promoted()).isNull();
        } // the primary stops (and hands the lease over)
        final long stoppedAt = System.nanoTime();
        try (replica)
        {
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).until(() -> replica.promoted() != null);
            System.out.printf("failover: the replica served as primary %d ms after the primary stopped (lease ttl 1500 ms)%n",
                (System.nanoTime() - stoppedAt) / 1_000_000);
            final JsonNode health = json(replicaBase + "/health");
            assertThat(health.path("role").asText()).isEqualTo("PRIMARY");
            assertThat(health.path("status").asText()).isEqualTo("UP");
            assertThat(replicaLog).as("the promoted gateway recovered from the replica's own snapshot")
                .anyMatch(line -> line.matches("shard 0 recovered: journal index \\d+ \\(snapshot [1-9]\\d* .*"));
            for (final String[] hold : holds)
            {
                final HttpResponse<String> read = shopper.get(replicaBase + "/api/v1/reservations/" + hold[0], hold[1]);
                assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
                assertThat(JSON.readTree(read.body()).path("status").asText()).isEqualTo("HELD");
            }
            assertThat(reserve(replicaBase, "SKU-0001", "after-failover").statusCode()).isEqualTo(201);
            final PrimaryLease.Holding lease = PrimaryLease.holding(lease());
            assertThat(lease.holder()).isEqualTo("replica-b");
            assertThat(lease.epoch()).isGreaterThan(1);
        } // the new primary stops too, and releases the lease
        // the old primary on its old data must not serve again: the sale went on without it
        assertThatThrownBy(() -> PrimaryNode.start(SettingsLoader.from(node("primary-a", dir.resolve("a"), true)), line -> { }))
            .isInstanceOf(PrimaryLease.HeldElsewhere.class).hasMessageContaining("the last primary was replica-b");
    }

    @Test
    void aPrimaryWhoseLeaseWasTakenStopsServingAndASecondPrimaryCannotStart() throws Exception
    {
        try (PrimaryNode primary = PrimaryNode.start(SettingsLoader.from(node("primary-a", dir.resolve("a"), true)), line -> { }))
        {
            final String base = "http://127.0.0.1:" + primary.port();
            assertThat(reserve(base, "SKU-0001", "before").statusCode()).isEqualTo(201);
            assertThatThrownBy(() -> PrimaryNode.start(SettingsLoader.from(node("primary-c", dir.resolve("c"), true)), line -> { }))
                .isInstanceOf(PrimaryLease.HeldElsewhere.class).hasMessageContaining("primary-a");

            // another node took the lease (as after a lapse the primary did not see)
            try (Connection connection = DriverManager.getConnection(lease().url(), "postgres", null);
                 Statement statement = connection.createStatement())
            {
                statement.execute("UPDATE flashsale_lease SET holder = 'intruder', epoch = epoch + 1, " +
                    "expires_at = now() + interval '1 minute'");
            }
            // fenced: open connections are closed, new ones get 503
            await().atMost(Duration.ofSeconds(5)).ignoreExceptions().until(() -> reserve(base, "SKU-0001", "after").statusCode() == 503);
            final HttpResponse<String> write = reserve(base, "SKU-0001", "after");
            assertThat(write.body()).contains("NOT_PRIMARY");
            assertThat(write.headers().firstValue("Retry-After")).isPresent();
            assertThat(shopper.get(base + "/api/v1/products/SKU-0001/availability", null).statusCode()).as("no stale reads either").isEqualTo(503);
            final HttpResponse<String> health = shopper.get(base + "/health", null);
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(JSON.readTree(health.body()).path("status").asText()).isEqualTo("DOWN");
            // and it stopped acting: no more ticks journaled (the ticker writes one every 10 ms)
            final long index = JSON.readTree(shopper.get(base + "/health", null).body()).path("journalIndex").asLong();
            Thread.sleep(300);
            assertThat(JSON.readTree(shopper.get(base + "/health", null).body()).path("journalIndex").asLong()).isEqualTo(index);
        }
    }

    @Test
    void aStaleReplicaRefusesThePromotion() throws Exception
    {
        final Map<String, String> settings = node("primary-a", dir.resolve("a"), true);
        try (PrimaryNode primary = PrimaryNode.start(SettingsLoader.from(settings), line -> { });
             java.net.ServerSocket nobody = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress()))
        {
            // the replica's layout comes from the real primary; then it follows an address that never speaks
            try (ReplicaNode seeded = Replicas.follower(new InetSocketAddress("127.0.0.1", primary.replicationPort()),
                dir.resolve("b"), line -> { }))
            {
                assertThat(seeded.promoted()).isNull();
            }
            final List<String> log = java.util.Collections.synchronizedList(new ArrayList<>());
            try (ReplicaNode stale = Replicas.start(new InetSocketAddress("127.0.0.1", nobody.getLocalPort()),
                dir.resolve("b"), node("replica-b", dir.resolve("unused"), true), JournalSettings.defaults(), log::add))
            {
                primary.close(); // the lease is released: free to take, but not by a replica that never heard a primary
                await().atMost(Duration.ofSeconds(10)).until(() -> log.stream().anyMatch(line -> line.contains("will not take over")));
                assertThat(stale.promoted()).isNull();
                assertThat(PrimaryLease.holding(lease()).holder()).isEqualTo("primary-a");
            }
        }
    }

    @Test
    void aPrimaryRestartedUnderTheSameNameTakesItsLeaseBackAtOnce() throws Exception
    {
        final PrimaryLease.Settings mine = new PrimaryLease.Settings(lease().url(), "postgres", null, "host:/data", 60_000);
        final PrimaryLease first = PrimaryLease.acquire(mine, line -> { });
        first.close(); // as after kill -9: not released, not lapsed for a minute
        final PrimaryLease again = PrimaryLease.acquire(mine, line -> { });
        assertThat(again.epoch()).isEqualTo(first.epoch() + 1);
        again.close();
        assertThatThrownBy(() -> PrimaryLease.acquire(new PrimaryLease.Settings(lease().url(), "postgres", null, "other", 60_000),
            line -> { })).isInstanceOf(PrimaryLease.HeldElsewhere.class);
    }

    @Test
    void groupsSharingALeaseStoreEachHaveALeaseOfTheirOwn() throws Exception
    {
        final String url = lease().url();
        try (PrimaryLease g1 = PrimaryLease.acquire(new PrimaryLease.Settings(url, "postgres", null, "node-1", 60_000, "g1"), line -> { });
             PrimaryLease g2 = PrimaryLease.acquire(new PrimaryLease.Settings(url, "postgres", null, "node-2", 60_000, "g2"), line -> { }))
        {
            assertThat(PrimaryLease.holding(new PrimaryLease.Settings(url, "postgres", null, "x", 60_000, "g1")).holder()).isEqualTo("node-1");
            assertThat(PrimaryLease.holding(new PrimaryLease.Settings(url, "postgres", null, "x", 60_000, "g2")).holder()).isEqualTo("node-2");
            assertThatThrownBy(() -> PrimaryLease.acquire(new PrimaryLease.Settings(url, "postgres", null, "node-3", 60_000, "g1"),
                line -> { })).isInstanceOf(PrimaryLease.HeldElsewhere.class);
        }
    }

    @Test
    void aReplicaNeverTakesALeaseNobodyHeld() throws Exception
    {
        try (PrimaryNode primary = PrimaryNode.start(SettingsLoader.from(node("unleased", dir.resolve("a"), false)), line -> { });
             ReplicaNode replica = Replicas.start(new InetSocketAddress("127.0.0.1", primary.replicationPort()),
                 dir.resolve("b"), node("replica-b", dir.resolve("unused"), true), JournalSettings.defaults(), line -> { }))
        {
            Thread.sleep(2_500);
            assertThat(replica.promoted()).isNull();
            assertThat(PrimaryLease.holding(lease())).isNull();
        }
    }

    private PrimaryLease.Settings lease()
    {
        return new PrimaryLease.Settings("jdbc:postgresql://127.0.0.1:5432/" + database, "postgres", null, "test", 1_500);
    }

    private HttpResponse<String> reserve(final String base, final String sku, final String user) throws Exception
    {
        return shopper.reserve(base, sku, user);
    }

    private JsonNode json(final String url) throws Exception
    {
        return shopper.json(url);
    }
}
