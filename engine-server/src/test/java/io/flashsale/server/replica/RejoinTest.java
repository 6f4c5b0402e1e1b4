package io.flashsale.server.replica;

import io.flashsale.server.TestDefaults;
import io.flashsale.engine.command.Command;
import io.flashsale.engine.command.CommandRequest;
import io.flashsale.journal.DataDirectory;
import io.flashsale.journal.JournalQueue;
import io.flashsale.journal.JournalSettings;
import io.flashsale.journal.JournalStage;
import io.flashsale.server.NodeStart;
import io.flashsale.server.ReplicaNode;
import io.flashsale.server.RunningNode;
import io.flashsale.server.SettingsLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A primary that lost the lease with a tail of its journal the group never had (written after the
 * last document its replica received) comes back with its same settings as the new primary's
 * replica: under synchronous replication it cuts that tail (kept under backup/) and catches up;
 * under asynchronous replication it refuses to follow (health 503) and says why.
 */
class RejoinTest
{
    private final Shopper shopper = new Shopper();
    private LeaseDatabase leaseDatabase;

    @TempDir
    Path dir;

    @BeforeEach
    void createDatabase() throws Exception
    {
        leaseDatabase = new LeaseDatabase("rejoin");
    }

    @AfterEach
    void dropDatabase() throws Exception
    {
        leaseDatabase.close();
    }

    private io.flashsale.server.ServerSettings node(final String name, final boolean sync)
    {
        final Map<String, String> settings = TestDefaults.settings();
        settings.putAll(Map.of("FLASHSALE_HTTP_PORT", "0", "FLASHSALE_DATA_DIR", dir.resolve(name).toString(),
            "FLASHSALE_REPLICATION_PORT", "0", "FLASHSALE_LEASE_PG_URL", leaseDatabase.url(),
            "FLASHSALE_PG_USER", "postgres", "FLASHSALE_LEASE_TTL_MS", "1500",
            "FLASHSALE_REPLICATION_MODE", sync ? "sync" : "async", "FLASHSALE_SYNC_FALLBACK", "alone",
            "FLASHSALE_WRITES_PER_SECOND", "100000", "FLASHSALE_WRITE_BURST", "100000"));
        return SettingsLoader.from(settings);
    }

    @Test
    void shouldCutTheUnacknowledgedTailAndCatchUpUnderSynchronousReplication() throws Exception
    {
        final List<String> log = Collections.synchronizedList(new ArrayList<>());
        final RunningNode b = failOverLeavingATail(true);
        try (RunningNode again = NodeStart.start(node("a", true), log::add))
        {
            final String base = "http://127.0.0.1:" + again.port();
            assertThat(again).isInstanceOf(ReplicaNode.class);
            assertThat(log).anyMatch(line -> line.startsWith("rejoin: shard 0 cut after index"));
            await().atMost(Duration.ofSeconds(10)).until(() -> shopper.json(base + "/health").path("journalIndex").asLong() >= b.journalIndex());
            assertThat(shopper.json(base + "/health").path("status").asText()).isEqualTo("UP");
            try (var backups = Files.list(new DataDirectory(dir.resolve("a")).backups()))
            {
                assertThat(backups.map(path -> path.getFileName().toString())).anyMatch(name -> name.startsWith("shard-0-"));
            }
        }
        finally
        {
            b.close();
        }
    }

    @Test
    void shouldRefuseToFollowWithATailThatMayHaveBeenAcknowledgedUnderAsynchronousReplication() throws Exception
    {
        final List<String> log = Collections.synchronizedList(new ArrayList<>());
        final RunningNode b = failOverLeavingATail(false);
        try (RunningNode again = NodeStart.start(node("a", false), log::add))
        {
            final String base = "http://127.0.0.1:" + again.port();
            await().atMost(Duration.ofSeconds(10)).until(() -> shopper.get(base + "/health", null).statusCode() == 503);
            assertThat(log).anyMatch(line -> line.contains("different histories") && line.contains("an operator decides"));
        }
        finally
        {
            b.close();
        }
    }

    /** a primary, b its replica; a stops, b takes over; then a's journal gets a document b never had. */
    private RunningNode failOverLeavingATail(final boolean sync) throws Exception
    {
        final RunningNode a = NodeStart.start(node("a", sync), line -> { });
        final RunningNode b = NodeStart.start(node("b", sync), line -> { });
        assertThat(b).isInstanceOf(ReplicaNode.class);
        assertThat(shopper.reserve("http://127.0.0.1:" + a.port(), "SKU-0002", "alice").statusCode()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(10)).until(() -> b.journalIndex() >= a.journalIndex());
        a.close();
        await().atMost(Duration.ofSeconds(15)).until(() -> ((ReplicaNode)b).promoted() != null);
        // as if a had written on after b stopped hearing it (kill -9 with unshipped batches): one more document
        final DataDirectory aData = new DataDirectory(dir.resolve("a"));
        final long lastIndex = a.journalIndex();
        try (JournalStage stage = new JournalStage(JournalQueue.open(aData.journal(0), JournalSettings.defaults().rollCycle(), false),
            lastIndex, 1))
        {
            final Command command = new Command();
            new CommandRequest.Tick(System.currentTimeMillis()).copyTo(command);
            stage.onEvent(command, 0, true);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> b.journalIndex() > lastIndex + 5); // b wrote on, its own history
        return b;
    }
}
