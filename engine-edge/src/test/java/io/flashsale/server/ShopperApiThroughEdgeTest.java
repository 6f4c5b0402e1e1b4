package io.flashsale.server;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The shopper API's own tests, every request sent to an edge in front of two groups. */
class ShopperApiThroughEdgeTest extends ShopperApiTest
{
    @BeforeAll
    static void start() throws Exception
    {
        final TestCluster cluster = TestCluster.start(dir, 1, Map.of());
        api = TestServer.through(cluster.edge(0).port, cluster);
    }

    @Test
    @Override
    void healthMetricsAndOpenApiAreServed() throws Exception
    {
        final TestServer.Reply health = api.get("/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body().path("role").asText()).isEqualTo("EDGE");
        assertThat(health.body().has("journalIndex")).isFalse();
        assertThat(health.body().path("groups").path("g1").path("up").asBoolean()).isTrue();
        assertThat(health.body().path("groups").path("g2").path("primary").asText()).startsWith("http://127.0.0.1:");
        assertThat(api.get("/metrics").raw().body()).contains("flashsale_http_requests").contains("flashsale_edge_forwarded");
        assertThat(api.get("/api/openapi.yaml").raw().body()).startsWith("openapi: 3");
        assertThat(api.get("/").raw().body()).contains("<html");
        assertThat(api.get("/ops").raw().body()).contains("Operations");
    }
}
