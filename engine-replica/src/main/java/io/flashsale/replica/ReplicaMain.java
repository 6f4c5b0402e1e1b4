package io.flashsale.replica;

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
 * a replica process; with a lease URL it takes over when the primary's lease lapses, as a gateway
 * started with the FLASHSALE_* settings of its environment.
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
    @Option(names = "--node-id", description = "this node's name in the lease (FLASHSALE_NODE_ID; default host:pid)")
    String nodeId;

    public static void main(final String[] args)
    {
        System.exit(new CommandLine(new ReplicaMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception
    {
        final int colon = primary.lastIndexOf(':');
        if (colon < 1)
        {
            throw new CommandLine.ParameterException(new CommandLine(this), "--primary must be HOST:PORT");
        }
        final InetSocketAddress address = new InetSocketAddress(primary.substring(0, colon),
            Integer.parseInt(primary.substring(colon + 1)));
        final Map<String, String> gateway = new HashMap<>();
        System.getenv().forEach((key, value) ->
        {
            if (key.startsWith("FLASHSALE_"))
            {
                gateway.put(key, value);
            }
        });
        if (leaseUrl != null)
        {
            gateway.put("FLASHSALE_LEASE_PG_URL", leaseUrl);
        }
        if (nodeId != null)
        {
            gateway.put("FLASHSALE_NODE_ID", nodeId);
        }
        final ReplicaServer.Promotion promotion = gateway.containsKey("FLASHSALE_LEASE_PG_URL") ?
            new ReplicaServer.Promotion(gateway) : null;
        final ReplicaServer replica = ReplicaServer.start(address, dataDir, host, port, promotion,
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
