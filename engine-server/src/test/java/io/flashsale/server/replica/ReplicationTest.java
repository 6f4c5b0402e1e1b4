package io.flashsale.server.replica;

import io.flashsale.server.TestDefaults;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flashsale.engine.state.EngineListener;
import io.flashsale.server.PrimaryNode;
import io.flashsale.server.ReplicaNode;
import io.flashsale.server.SettingsLoader;
import io.flashsale.journal.DataDirectory;
import io.flashsale.journal.JournalRepair;
import io.flashsale.journal.JournalSettings;
import io.flashsale.journal.ShardRecovery;
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

/** A primary with two shards ships its journal to a replica over a real socket; the replica follows, serves reads, refuses writes, resumes after a restart. */
class ReplicationTest
{
    private static final ObjectMapper JSON = Shopper.JSON;
    private final Shopper shopper = new Shopper();

    @TempDir
    Path dir;

    @Test
    void theReplicaFollowsServesReadsRefusesWritesAndResumes() throws Exception
    {
        final Path primaryData = dir.resolve("primary");
        final Path replicaData = dir.resolve("replica");
        final Map<String, String> settings = primary(primaryData, 2);
        try (PrimaryNode primary = PrimaryNode.start(SettingsLoader.from(settings), line -> { }))
        {
            final String base = "http://127.0.0.1:" + primary.port();
            final InetSocketAddress shipping = new InetSocketAddress("127.0.0.1", primary.replicationPort());
            for (int i = 0; i < 5; i++)
            {
                assertThat(reserve(base, "SKU-000" + (1 + i % 3), "early-" + i).statusCode()).isEqualTo(201);
            }
            try (ReplicaNode replica = Replicas.follower(shipping, replicaData, line -> { }))
            {
                final String replicaBase = "http://127.0.0.1:" + replica.port();
                for (int i = 0; i < 5; i++)
                {
                    reserve(base, "SKU-000" + (1 + i % 3), "late-" + i);
                }
                awaitSameAvailability(base, replicaBase, "SKU-0001", "SKU-0002", "SKU-0003");
                await().atMost(Duration.ofSeconds(10)).until(() ->
                    json(replicaBase + "/health").path("journalIndex").asLong() == json(base + "/health").path("journalIndex").asLong());
                assertThat(json(replicaBase + "/health").path("role").asText()).isEqualTo("REPLICA");

                final HttpResponse<String> write = reserve(replicaBase, "SKU-0001", "wrong-door");
                assertThat(write.statusCode()).isEqualTo(503);
                assertThat(write.body()).contains("NOT_PRIMARY");
                assertThat(write.headers().firstValue("Retry-After")).isPresent();
            }
            for (int i = 0; i < 5; i++)
            {
                reserve(base, "SKU-0004", "while-away-" + i);
            }
            try (ReplicaNode replica = Replicas.follower(shipping, replicaData, line -> { }))
            {
                awaitSameAvailability(base, "http://127.0.0.1:" + replica.port(), "SKU-0001", "SKU-0004");
            }
        }
        // the same commands byte for byte: the replica's journal replays to the primary's state at
        // the index where the replica stopped (the primary went on ticking after it)
        for (int shard = 0; shard < 2; shard++)
        {
            final ShardRecovery.Result onReplica = replay(replicaData, shard, Long.MAX_VALUE);
            final ShardRecovery.Result onPrimary = replay(primaryData, shard, onReplica.lastIndex());
            assertThat(onReplica.lastIndex()).isPositive().isEqualTo(onPrimary.lastIndex());
            assertThat(onReplica.engine().stateHash()).isEqualTo(onPrimary.engine().stateHash());
        }
    }

    @Test
    void aReplicaAheadOfAPrimaryThatLostItsTailStopsRatherThanMixTwoHistories() throws Exception
    {
        final Path primaryData = dir.resolve("primary");
        final Path replicaData = dir.resolve("replica");
        final Map<String, String> settings = primary(primaryData, 1);
        final long cutAt;
        final long replicaEnd;
        final long reported;
        try (PrimaryNode primary = PrimaryNode.start(SettingsLoader.from(settings), line -> { }))
        {
            final String base = "http://127.0.0.1:" + primary.port();
            reserve(base, "SKU-0001", "kept");
            cutAt = json(base + "/health").path("journalIndex").asLong();
            try (ReplicaNode replica = Replicas.follower(new InetSocketAddress("127.0.0.1", primary.replicationPort()),
                replicaData, line -> { }))
            {
                for (int i = 0; i < 5; i++)
                {
                    reserve(base, "SKU-0002", "lost-" + i);
                }
                final String replicaBase = "http://127.0.0.1:" + replica.port();
                await().atMost(Duration.ofSeconds(10)).until(() ->
                    json(replicaBase + "/health").path("journalIndex").asLong() > cutAt + 5);
                replicaEnd = json(replicaBase + "/health").path("journalIndex").asLong();
            }
        }
        // the primary loses its tail (a machine crash before the page cache reached the disk)
        final DataDirectory primaryDirectory = new DataDirectory(primaryData);
        final Path backup = JournalRepair.cutAfter(primaryDirectory.journal(0), cutAt, primaryDirectory.backups(),
            JournalSettings.defaults().rollCycle());
        primaryDirectory.snapshots(0).moveAfter(cutAt, backup.resolveSibling("snapshots"));
        try (PrimaryNode primary = PrimaryNode.start(SettingsLoader.from(settings), line -> { }))
        {
            final String base = "http://127.0.0.1:" + primary.port();
            for (int i = 0; i < 5; i++)
            {
                reserve(base, "SKU-0003", "other-" + i); // other commands at the indexes the replica holds
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> json(base + "/health").path("journalIndex").asLong() > replicaEnd + 5);
            try (ReplicaNode replica = Replicas.follower(new InetSocketAddress("127.0.0.1", primary.replicationPort()),
                replicaData, line -> { }))
            {
                final String replicaBase = "http://127.0.0.1:" + replica.port();
                await().atMost(Duration.ofSeconds(10)).until(() ->
                    shopper.get(replicaBase + "/health", null).statusCode() == 503);
                reported = json(replicaBase + "/health").path("journalIndex").asLong();
            }
        }
        // nothing of the primary's second history was appended: the replica's journal ends where it stopped
        assertThat(reported).isGreaterThanOrEqualTo(replicaEnd).isEqualTo(replay(replicaData, 0, Long.MAX_VALUE).lastIndex());
    }

    /** A primary shipping its journal on a free port, rate limits out of the way. */
    private static Map<String, String> primary(final Path data, final int shards)
    {
        final Map<String, String> settings = TestDefaults.settings();
        settings.putAll(Map.of("FLASHSALE_HTTP_PORT", "0", "FLASHSALE_DATA_DIR", data.toString(),
            "FLASHSALE_SHARDS", Integer.toString(shards), "FLASHSALE_REPLICATION_PORT", "0",
            "FLASHSALE_WRITES_PER_SECOND", "100000", "FLASHSALE_WRITE_BURST", "100000"));
        return settings;
    }

    private static ShardRecovery.Result replay(final Path data, final int shard, final long to)
    {
        final DataDirectory directory = new DataDirectory(data);
        return new ShardRecovery(directory, directory.layout(), JournalSettings.defaults(), line -> { })
            .recover(shard, EngineListener.NONE, ShardRecovery.Options.readOnly(to, false));
    }

    private void awaitSameAvailability(final String primary, final String replica, final String... skus)
    {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        {
            for (final String sku : skus)
            {
                final String path = "/api/v1/products/" + sku + "/availability";
                assertThat(json(replica + path)).as(sku).isEqualTo(json(primary + path));
            }
        });
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
