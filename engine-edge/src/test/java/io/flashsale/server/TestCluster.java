package io.flashsale.server;

import io.flashsale.edge.Edge;
import io.flashsale.edge.EdgeSettings;
import io.flashsale.gateway.cluster.ClusterMap;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/**
 * Real parts on 127.0.0.1: a Redis master of its own (a redis-server process, so a test may stop
 * it), two groups of one node each (g1, g2, the test catalogue split between them by the cluster
 * file) and edges in front, each on its own socket.
 */
final class TestCluster implements AutoCloseable
{
    static final List<String> GROUPS = List.of("g1", "g2");

    private final Path dir;
    final Path clusterFile;
    final ClusterMap map;
    private final int redisPort;
    private final int[] groupPorts;
    private final Map<String, String> edgeOverrides;
    private Process redis;
    private final TestServer[] groups;
    private final List<Edge> edges = new ArrayList<>();

    private TestCluster(final Path dir, final int redisPort, final int[] groupPorts, final Map<String, String> edgeOverrides)
        throws IOException
    {
        this.dir = dir;
        this.redisPort = redisPort;
        this.groupPorts = groupPorts;
        this.edgeOverrides = edgeOverrides;
        this.groups = new TestServer[groupPorts.length];
        this.clusterFile = dir.resolve("cluster.properties");
        Files.writeString(clusterFile, "group.g1=http://127.0.0.1:" + groupPorts[0] + "\ngroup.g2=http://127.0.0.1:" + groupPorts[1] + "\n");
        this.map = ClusterMap.load(clusterFile);
    }

    static TestCluster start(final Path dir, final int edgeCount, final Map<String, String> edgeOverrides) throws Exception
    {
        final TestCluster cluster = new TestCluster(dir, freePort(), new int[]{freePort(), freePort()}, edgeOverrides);
        try
        {
            cluster.startRedis();
            for (int g = 0; g < GROUPS.size(); g++)
            {
                cluster.startGroup(g, "data");
            }
            for (int e = 0; e < edgeCount; e++)
            {
                cluster.startEdge();
            }
            return cluster;
        }
        catch (final Exception ex)
        {
            cluster.close();
            throw ex;
        }
    }

    String redisUrl()
    {
        return "redis://127.0.0.1:" + redisPort;
    }

    /** A client of edge {@code e} (closing it leaves the cluster running). */
    TestServer edge(final int e)
    {
        return TestServer.through(edges.get(e).port(), () -> { });
    }

    /** A client of group {@code g}'s node straight. */
    TestServer group(final int g)
    {
        return TestServer.through(groupPorts[g], () -> { });
    }

    int groupOf(final String sku)
    {
        return GROUPS.indexOf(map.ownerOf(sku).name());
    }

    /** Starts group {@code g}'s node on its port; {@code dataDir} under the cluster's folder (a new one: a new sale). */
    void startGroup(final int g, final String dataDir) throws Exception
    {
        final Path groupDir = Files.createDirectories(dir.resolve(GROUPS.get(g)));
        groups[g] = TestServer.start(groupDir, Map.of(
            "FLASHSALE_HTTP_PORT", Integer.toString(groupPorts[g]),
            "FLASHSALE_DATA_DIR", groupDir.resolve(dataDir).toString(),
            "FLASHSALE_CLUSTER", clusterFile.toString(),
            "FLASHSALE_GROUP", GROUPS.get(g),
            "FLASHSALE_REDIS_URL", redisUrl(),
            "FLASHSALE_SHARDS", "1"));
    }

    /** Stops group {@code g}'s node at once (its port refuses connections from now on). */
    void stopGroup(final int g)
    {
        groups[g].close();
        groups[g] = null;
    }

    void startEdge() throws InterruptedException
    {
        final Map<String, String> settings = new HashMap<>(EdgeSettings.DEFAULTS);
        settings.putAll(Map.of(
            "FLASHSALE_HTTP_PORT", "0",
            "FLASHSALE_CLUSTER", clusterFile.toString(),
            "FLASHSALE_REDIS_URL", redisUrl(),
            "FLASHSALE_ADMIN_TOKEN", TestServer.ADMIN,
            "FLASHSALE_EDGE_LOOK_MS", "50"));
        settings.putAll(Map.of(
            "FLASHSALE_READS_PER_SECOND", "100000", "FLASHSALE_READ_BURST", "100000",
            "FLASHSALE_WRITES_PER_SECOND", "100000", "FLASHSALE_WRITE_BURST", "100000",
            "FLASHSALE_GLOBAL_READS_PER_SECOND", "10000000", "FLASHSALE_GLOBAL_WRITES_PER_SECOND", "10000000"));
        settings.putAll(edgeOverrides);
        edges.add(Edge.start(EdgeSettings.from(settings), line -> { }));
    }

    void stopEdge(final int e)
    {
        edges.get(e).close();
    }

    void startRedis() throws IOException
    {
        redis = new ProcessBuilder("redis-server", "--port", Integer.toString(redisPort), "--bind", "127.0.0.1",
            "--save", "", "--appendonly", "no").redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() ->
        {
            try (Socket socket = new Socket("127.0.0.1", redisPort))
            {
                return true;
            }
        });
    }

    /** kill -9 of the Redis master. */
    void killRedis() throws InterruptedException
    {
        redis.destroyForcibly().waitFor();
    }

    @Override
    public void close()
    {
        edges.forEach(Edge::close);
        for (int g = 0; g < groups.length; g++)
        {
            if (groups[g] != null)
            {
                stopGroup(g);
            }
        }
        if (redis != null)
        {
            redis.destroyForcibly();
        }
    }

    static int freePort() throws IOException
    {
        try (ServerSocket socket = new ServerSocket(0))
        {
            return socket.getLocalPort();
        }
    }
}
