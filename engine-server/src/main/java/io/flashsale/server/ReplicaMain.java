package io.flashsale.server;

import io.flashsale.journal.JournalSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code scripts/replica.sh --primary HOST:PORT --data-dir DIR --port N [--lease-pg-url URL --node-id NAME]}:
 * a replica process; with a lease URL it takes over when the primary's lease lapses, with the
 * FLASHSALE_* settings of its environment (the flags win over them).
 */
@Command(name = "flashsale-replica", mixinStandardHelpOptions = true,
    description = "Follows a primary's journal (FLASHSALE_REPLICATION_PORT on the primary) and serves read-only availability; " +
        "with a lease (FLASHSALE_LEASE_PG_URL) it becomes the primary when the primary's lease lapses.")
public final class ReplicaMain implements Callable<Integer>
{
    @Option(names = "--primary", required = true, description = "the primary's replication address, HOST:PORT")
    String primary;
    @Option(names = "--data-dir", defaultValue = "./replica-data", description = "the replica's journal (default ${DEFAULT-VALUE})")
    Path dataDir;
    @Option(names = "--host", defaultValue = "127.0.0.1", description = "HTTP bind address (default ${DEFAULT-VALUE})")
    String host;
    @Option(names = "--port", defaultValue = "8081", description = "HTTP port (default ${DEFAULT-VALUE})")
    int port;
    @Option(names = "--lease-pg-url", description = "the primary lease's Postgres (FLASHSALE_LEASE_PG_URL): take over when it lapses")
    String leaseUrl;
    @Option(names = "--node-id", description = "this node's name in the lease (FLASHSALE_NODE_ID; default host:data directory)")
    String nodeId;

    public static void main(final String[] args)
    {
        System.exit(new CommandLine(new ReplicaMain()).execute(args));
    }

    /**
     * The node's settings: the environment's FLASHSALE_* names under these flags. The data directory
     * goes in before anything is derived from it: the default node id names this replica's own
     * directory, not the primary's default {@code ./data}.
     */
    ServerSettings settings(final Map<String, String> environment)
    {
        final Map<String, String> flags = new HashMap<>();
        flags.put("FLASHSALE_DATA_DIR", dataDir.toString());
        flags.put("FLASHSALE_HTTP_HOST", host);
        flags.put("FLASHSALE_HTTP_PORT", Integer.toString(port));
        if (leaseUrl != null)
        {
            flags.put("FLASHSALE_LEASE_PG_URL", leaseUrl);
        }
        if (nodeId != null)
        {
            flags.put("FLASHSALE_NODE_ID", nodeId);
        }
        return SettingsLoader.from(Map.of(), environment, flags);
    }

    InetSocketAddress primaryAddress()
    {
        try
        {
            return NodeStart.address(primary);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new CommandLine.ParameterException(new CommandLine(this), "--primary must be HOST:PORT");
        }
    }

    @Override
    public Integer call() throws Exception
    {
        System.setProperty("chronicle.analytics.disable", "true");
        final ReplicaNode replica = ReplicaNode.start(primaryAddress(), settings(System.getenv()), JournalSettings.defaults(),
            line -> System.out.println(Instant.now() + " " + line));
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
        {
            replica.close();
            stopped.countDown();
        }));
        stopped.await();
        return 0;
    }
}
