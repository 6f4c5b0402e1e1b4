package io.flashsale.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two groups and two edges on 127.0.0.1, with a Redis master of their own: what one edge does the
 * other sees, a SKU fought over from both is never sold past its stock, a group that is down is
 * refused at once for its SKUs only, and the edges go on with Redis gone.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterTest
{
    @TempDir
    static Path dir;

    static TestCluster cluster;
    static TestServer a;
    static TestServer b;

    @BeforeAll
    static void start() throws Exception
    {
        cluster = TestCluster.start(dir, 2, Map.of());
        a = cluster.edge(0);
        b = cluster.edge(1);
    }

    @AfterAll
    static void stop()
    {
        cluster.close();
    }

    @Test
    @Order(1)
    void everyEdgeServesEverySkuOfEveryGroupAndEachNodeOnlyItsOwn() throws Exception
    {
        assertThat(skus(a.get("/api/v1/products").body())).containsExactly("BIG", "HOT", "SHORT", "SOON");
        assertThat(skus(b.get("/api/v1/products").body())).containsExactly("BIG", "HOT", "SHORT", "SOON");
        final List<String> first = skus(cluster.group(0).get("/api/v1/products").body());
        final List<String> second = skus(cluster.group(1).get("/api/v1/products").body());
        assertThat(first).doesNotContainAnyElementsOf(second);
        assertThat(first.size() + second.size()).isEqualTo(4);
        for (final String sku : first)
        {
            assertThat(cluster.groupOf(sku)).isZero();
        }
    }

    @Test
    @Order(2)
    void aHoldMadeAtOneEdgeIsReadAndConfirmedAtTheOther() throws Exception
    {
        final TestServer.Reply held = a.reserve("ann", "BIG", 1);
        assertThat(held.status()).isEqualTo(201);
        final String id = held.body().path("reservationId").asText();
        assertThat(id).startsWith(TestCluster.GROUPS.get(cluster.groupOf("BIG")) + "-");

        assertThat(b.get("/api/v1/reservations/" + id, "X-User-Id", "ann").body().path("status").asText()).isEqualTo("HELD");
        assertThat(b.get("/api/v1/reservations/" + id, "X-User-Id", "bob").status()).isEqualTo(404);
        final TestServer.Reply confirmed = b.post("/api/v1/reservations/" + id + "/confirm", null, "X-User-Id", "ann");
        assertThat(confirmed.status()).isEqualTo(200);
        assertThat(confirmed.body().path("orderId").asText()).isEqualTo("O-" + id);
    }

    @Test
    @Order(3)
    void aWriteAtOneEdgeIsSeenAtItAtOnceAndAtTheOtherSoon() throws Exception
    {
        final long before = available(b, "BIG");
        final TestServer.Reply held = a.reserve("cat", "BIG", 1);
        assertThat(held.status()).isEqualTo(201);
        final long answered = System.nanoTime();
        assertThat(available(a, "BIG")).as("read your own write at your edge").isEqualTo(before - 1);
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(1)).until(() -> available(b, "BIG") == before - 1);
        System.out.printf("cluster: a write at edge A was visible at edge B %.1f ms after its answer%n",
            (System.nanoTime() - answered) / 1e6);
    }

    @Test
    @Order(4)
    void oneSkuFoughtOverFromBothEdgesIsHeldExactlyUpToItsStock() throws Exception
    {
        final ExecutorService shoppers = Executors.newFixedThreadPool(8);
        try
        {
            final List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 40; i++)
            {
                final TestServer edge = i % 2 == 0 ? a : b;
                final String user = "fighter-" + i;
                answers.add(shoppers.submit((Callable<Integer>)() -> edge.reserve(user, "HOT", 1).status()));
            }
            int held = 0;
            for (final Future<Integer> answer : answers)
            {
                final int status = answer.get();
                assertThat(status).isIn(201, 409);
                held += status == 201 ? 1 : 0;
            }
            assertThat(held).isEqualTo(5);
            final JsonNode owner = cluster.group(cluster.groupOf("HOT")).get("/api/v1/products/HOT/availability").body();
            assertThat(owner.path("held").asInt()).isEqualTo(5);
            assertThat(owner.path("available").asInt()).isZero();
            await().atMost(Duration.ofSeconds(2)).until(() -> available(a, "HOT") == 0 && available(b, "HOT") == 0);
            assertThat(a.reserve("late", "HOT", 1).error()).isEqualTo("SOLD_OUT");
        }
        finally
        {
            shoppers.shutdownNow();
        }
    }

    @Test
    @Order(5)
    void theManySkuStreamAtOneEdgeSeesAChangeMadeAtTheOther() throws Exception
    {
        final AtomicBoolean seen = new AtomicBoolean();
        final long before = available(b, "SHORT");
        final HttpResponse<java.io.InputStream> stream = b.client.send(HttpRequest.newBuilder(
            URI.create(b.base + "/api/v1/availability/stream")).build(), HttpResponse.BodyHandlers.ofInputStream());
        final Thread reader = new Thread(() ->
        {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8)))
            {
                String line;
                while ((line = lines.readLine()) != null)
                {
                    if (line.startsWith("data:") && line.contains("\"SHORT\"") && line.contains("\"available\":" + (before - 1)))
                    {
                        seen.set(true);
                        return;
                    }
                }
            }
            catch (final java.io.IOException ex)
            {
                // closed at the end of the test
            }
        });
        reader.start();
        Thread.sleep(200);
        assertThat(a.reserve("streamer", "SHORT", 1).status()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(3)).untilTrue(seen);
        stream.body().close();
    }

    @Test
    @Order(6)
    void aWriteSentStraightToTheWrongGroupIs421WithTheOwnersAddress() throws Exception
    {
        final int owner = cluster.groupOf("BIG");
        final TestServer wrong = cluster.group(1 - owner);
        final TestServer.Reply misdirected = wrong.reserve("dan", "BIG", 1);
        assertThat(misdirected.status()).isEqualTo(421);
        assertThat(misdirected.error()).isEqualTo("MISDIRECTED");
        assertThat(misdirected.raw().headers().firstValue("location")).hasValue(cluster.group(owner).base);
        assertThat(wrong.put("/admin/v1/products/BIG", "{\"name\":\"x\",\"priceCents\":1,\"stock\":1,\"perUserLimit\":1}",
            TestServer.admin()).status()).isEqualTo(421);
    }

    @Test
    @Order(7)
    void aProductPutAtOneEdgeIsDefinedAtItsOwnerAndListedAtBothEdges() throws Exception
    {
        final TestServer.Reply created = a.put("/admin/v1/products/NEW-7", "{\"name\":\"New\",\"priceCents\":100,\"stock\":3,\"perUserLimit\":1}",
            TestServer.admin());
        assertThat(created.status()).isEqualTo(201);
        assertThat(cluster.group(cluster.groupOf("NEW-7")).get("/api/v1/products/NEW-7").status()).isEqualTo(200);
        assertThat(cluster.group(1 - cluster.groupOf("NEW-7")).get("/api/v1/products/NEW-7").status()).isEqualTo(404);
        await().atMost(Duration.ofSeconds(3)).until(() -> b.get("/api/v1/products/NEW-7").status() == 200);
        assertThat(b.reserve("eve", "NEW-7", 1).status()).isEqualTo(201);
    }

    @Test
    @Order(8)
    void aGroupThatIsDownIsRefusedAtOnceForItsSkusOnlyAndIsBackAfterARestart() throws Exception
    {
        final int down = cluster.groupOf("SHORT");
        final String other = skus(cluster.group(1 - down).get("/api/v1/products").body()).get(0);
        cluster.stopGroup(down);
        final long start = System.nanoTime();
        final TestServer.Reply refused = a.reserve("fay", "SHORT", 1);
        final long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.raw().headers().firstValue("retry-after")).isPresent();
        assertThat(tookMillis).as("at once, not a hang (generous bound for a shared box)").isLessThan(2_000);
        assertThat(b.reserve("fay", other, 1).status()).isIn(201, 409);
        await().atMost(Duration.ofSeconds(3)).until(() -> !b.get("/health").body().path("groups")
            .path(TestCluster.GROUPS.get(down)).path("up").asBoolean());

        cluster.startGroup(down, "data");
        await().atMost(Duration.ofSeconds(10)).until(() -> a.reserve("fay", "SHORT", 1).status() == 201);
    }

    @Test
    @Order(9)
    void withRedisGoneTheEdgesAskTheGroupsAndStayCorrect() throws Exception
    {
        cluster.killRedis();
        await().atMost(Duration.ofSeconds(5)).until(() -> "DOWN".equals(a.get("/health").body().path("redisFeed").asText()));
        final long before = available(b, "BIG");
        assertThat(a.reserve("gus", "BIG", 1).status()).isEqualTo(201);
        assertThat(available(b, "BIG")).as("asked of the group: fresh at once").isEqualTo(before - 1);
        assertThat(b.get("/api/v1/products").status()).isEqualTo(200);

        cluster.startRedis();
        await().atMost(Duration.ofSeconds(10)).until(() -> "UP".equals(b.get("/health").body().path("redisFeed").asText()));
        assertThat(a.reserve("hal", "BIG", 1).status()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(2)).until(() -> available(b, "BIG") == before - 2);
    }

    @Test
    @Order(10)
    void anEdgeStoppedLosesNothingAndANewSaleReplacesTheOldOnesCopy() throws Exception
    {
        final TestServer.Reply held = a.reserve("ivy", "BIG", 1);
        cluster.stopEdge(0);
        assertThat(b.get("/api/v1/reservations/" + held.body().path("reservationId").asText(), "X-User-Id", "ivy")
            .body().path("status").asText()).isEqualTo("HELD");

        final int owner = cluster.groupOf("BIG");
        cluster.stopGroup(owner);
        cluster.startGroup(owner, "second-sale"); // a new data directory: a new sale, versions from 1 again
        await().atMost(Duration.ofSeconds(10)).until(() -> available(b, "BIG") == 500);
        assertThat(b.get("/api/v1/products/BIG/availability").body().path("held").asInt()).isZero();
    }

    private static long available(final TestServer edge, final String sku) throws Exception
    {
        return edge.get("/api/v1/products/" + sku + "/availability").body().path("available").asLong();
    }

    private static List<String> skus(final JsonNode products)
    {
        final List<String> skus = new ArrayList<>();
        products.path("products").forEach(product -> skus.add(product.path("sku").asText()));
        return skus;
    }
}
