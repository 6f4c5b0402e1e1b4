package io.flashsale.server;

import org.junit.jupiter.api.BeforeAll;

import java.util.Map;

/** Every hostile request, sent to an edge: a clear 4xx, never a 5xx, a hang or a change at any group. */
class HostileInputThroughEdgeTest extends HostileInputTest
{
    @BeforeAll
    static void start() throws Exception
    {
        final TestCluster cluster = TestCluster.start(dir, 1, Map.of("FLASHSALE_REQUEST_TIMEOUT_MS", "700"));
        api = TestServer.through(cluster.edge(0).port, cluster);
        bigVersion = version("BIG");
        hotVersion = version("HOT");
    }
}
