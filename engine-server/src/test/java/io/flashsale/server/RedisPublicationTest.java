package io.flashsale.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real Redis (a redis-server of the test's own, on a free port of 127.0.0.1): the engine's
 * availability reaches the master's hashes and channel with versions only rising; Redis stopped
 * mid-run fails no shopper request, and everything is republished once it is back.
 */
class RedisPublicationTest
{
    @TempDir
    Path dir;

    private Process redis;
    private int redisPort;

    private void startRedis() throws Exception
    {
        redis = new ProcessBuilder("redis-server", "--port", Integer.toString(redisPort), "--bind", "127.0.0.1",
            "--save", "", "--appendonly", "no").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() ->
        {
            try (Jedis jedis = new Jedis(URI.create("redis://127.0.0.1:" + redisPort)))
            {
                return "PONG".equals(jedis.ping());
            }
        });
    }

    private Map<String, String> hash(final String sku)
    {
        try (Jedis jedis = new Jedis(URI.create("redis://127.0.0.1:" + redisPort)))
        {
            return jedis.hgetAll("flashsale:avail:" + sku);
        }
    }

    private void startRedisOnAFreePort() throws Exception
    {
        try (ServerSocket probe = new ServerSocket(0))
        {
            redisPort = probe.getLocalPort();
        }
        startRedis();
    }

    private static long metric(final TestServer api, final String name) throws Exception
    {
        return api.get("/metrics").raw().body().lines().filter(line -> line.startsWith(name))
            .mapToLong(line -> (long)Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void searchResultsAreCachedAndAProductChangeInvalidatesThem() throws Exception
    {
        startRedisOnAFreePort();
        try (TestServer api = TestServer.start(dir, Map.of("FLASHSALE_REDIS_URL", "redis://127.0.0.1:" + redisPort)))
        {
            assertThat(api.get("/api/v1/search?q=keyboard").body().path("total").asInt()).isZero();
            // the first answer is written to the cache in the background: ask until one comes from it
            await().atMost(Duration.ofSeconds(10)).until(() ->
                api.get("/api/v1/search?q=keyboard").body().path("total").asInt() == 0 &&
                    metric(api, "flashsale_search_cache_hits") >= 1);
            try (Jedis jedis = new Jedis(URI.create("redis://127.0.0.1:" + redisPort)))
            {
                assertThat(jedis.keys("flashsale:search:*")).isNotEmpty();
                assertThat(jedis.ttl(jedis.keys("flashsale:search:*").iterator().next())).isBetween(1L, 60L);
            }

            api.put("/admin/v1/products/KEYS", "{\"name\":\"Mechanical keyboard\",\"priceCents\":5000,\"stock\":5,\"perUserLimit\":1}",
                TestServer.admin());

            final var after = api.get("/api/v1/search?q=keyboard").body();
            assertThat(after.path("results").get(0).path("sku").asText()).as("the change is seen, not the cached miss").isEqualTo("KEYS");
            assertThat(after.path("results").get(0).path("available").asInt()).isEqualTo(5);
        }
        finally
        {
            redis.destroyForcibly().waitFor();
        }
    }

    @Test
    void availabilityReachesRedisNewestFirstAndSurvivesAnOutage() throws Exception
    {
        startRedisOnAFreePort();
        final List<Long> channelVersions = new CopyOnWriteArrayList<>();
        final Thread subscriber = Thread.ofPlatform().daemon().start(() ->
        {
            try (Jedis jedis = new Jedis(URI.create("redis://127.0.0.1:" + redisPort)))
            {
                jedis.subscribe(new JedisPubSub()
                {
                    @Override
                    public void onMessage(final String channel, final String message)
                    {
                        try
                        {
                            final var json = TestServer.JSON.readTree(message);
                            if (json.path("sku").asText().equals("BIG"))
                            {
                                channelVersions.add(json.path("version").asLong());
                            }
                        }
                        catch (final Exception ignored)
                        {
                            // not ours
                        }
                    }
                }, "flashsale:avail");
            }
            catch (final RuntimeException ignored)
            {
                // Redis stopped under the subscriber
            }
        });
        try (TestServer api = TestServer.start(dir, Map.of("FLASHSALE_REDIS_URL", "redis://127.0.0.1:" + redisPort)))
        {
            await().atMost(Duration.ofSeconds(10)).until(() -> hash("HOT").containsKey("version"));
            for (int i = 0; i < 60; i++)
            {
                api.reserve("burst-" + i, "BIG", 1);
            }
            final var memory = api.get("/api/v1/products/BIG/availability").body();
            await().atMost(Duration.ofSeconds(10)).until(() ->
                Long.toString(memory.path("version").asLong()).equals(hash("BIG").get("version")));
            final Map<String, String> fields = hash("BIG");
            assertThat(fields).containsEntry("available", memory.path("available").asText())
                .containsEntry("held", memory.path("held").asText()).containsEntry("sold", memory.path("sold").asText())
                .containsEntry("stock", memory.path("stock").asText()).containsEntry("state", "OPEN");
            assertThat(channelVersions).isNotEmpty().isSorted();
            try (Jedis jedis = new Jedis(URI.create("redis://127.0.0.1:" + redisPort)))
            {
                final String sale = hash("SOON").get("sale");
                jedis.hset("flashsale:avail:SOON", Map.of("version", "999999", "available", "42"));
                assertThat(jedis.eval(io.flashsale.server.redis.RedisAvailabilityPublisherAccess.guardedWrite(), 1,
                    "flashsale:avail:SOON", sale, "5", "10", "0", "0", "10", "UPCOMING", "{}")).isEqualTo(0L);
            }
            assertThat(hash("SOON")).as("an older version never replaces a newer one").containsEntry("available", "42");

            redis.destroyForcibly().waitFor();
            for (int i = 0; i < 30; i++)
            {
                assertThat(api.reserve("outage-" + i, "BIG", 1).status()).as("no failed shopper request").isEqualTo(201);
            }
            final long versionDuringOutage = api.get("/api/v1/products/BIG/availability").body().path("version").asLong();

            startRedis();
            await().atMost(Duration.ofSeconds(15)).until(() ->
                Long.toString(versionDuringOutage).equals(hash("BIG").get("version")));
            assertThat(hash("HOT")).as("everything republished after the restart").containsKey("version");
            assertThat(api.get("/metrics").raw().body()).contains("flashsale_redis_publish_lag_seconds");
        }
        finally
        {
            redis.destroyForcibly().waitFor();
            subscriber.join(1_000);
        }
    }

    @Test
    void aNewSaleReplacesAnOlderSalesCopyAndAnOlderSaleNeverWritesOverANewer() throws Exception
    {
        startRedisOnAFreePort();
        final Map<String, String> withRedis = Map.of("FLASHSALE_REDIS_URL", "redis://127.0.0.1:" + redisPort);
        try
        {
            final String oldSale;
            try (TestServer old = TestServer.start(java.nio.file.Files.createDirectories(dir.resolve("old-sale")), withRedis))
            {
                for (int i = 0; i < 4; i++)
                {
                    assertThat(old.post("/api/v1/reservations", "{\"sku\":\"BIG\",\"quantity\":1}", "X-User-Id", "u" + i)
                        .status()).isEqualTo(201);
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> "496".equals(hash("BIG").get("available")));
                oldSale = hash("BIG").get("sale");
                assertThat(Long.parseLong(hash("BIG").get("version"))).isGreaterThan(1);
            }
            // a fresh data directory: a new sale, its versions start again from the bottom
            try (TestServer fresh = TestServer.start(java.nio.file.Files.createDirectories(dir.resolve("new-sale")), withRedis))
            {
                await().atMost(Duration.ofSeconds(10)).until(() -> "500".equals(hash("BIG").get("available")));
                final Map<String, String> copy = hash("BIG");
                assertThat(copy.get("sale")).isNotEqualTo(oldSale).isGreaterThan(oldSale);
                assertThat(copy.get("held")).isEqualTo("0");
                try (Jedis jedis = new Jedis(URI.create("redis://127.0.0.1:" + redisPort)))
                {
                    // the old sale's writer, still running somewhere, with a far higher version: refused
                    final Object written = jedis.eval(io.flashsale.server.redis.RedisAvailabilityPublisherAccess.guardedWrite(), 1,
                        "flashsale:avail:BIG", oldSale, "999999", "1", "499", "0", "500", "OPEN", "{}");
                    assertThat(written).isEqualTo(0L);
                }
                assertThat(hash("BIG").get("available")).isEqualTo("500");
            }
        }
        finally
        {
            redis.destroyForcibly().waitFor();
        }
    }
}
