package io.flashsale.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The admin API (bearer token) and jwt identity mode. */
class AdminAndIdentityTest
{
    private static final String JWT_SECRET = "a-test-secret-of-decent-length";

    @TempDir
    static Path dir;

    static TestServer api;

    @BeforeAll
    static void start() throws Exception
    {
        api = TestServer.start(dir, Map.of("FLASHSALE_AUTH_MODE", "jwt", "FLASHSALE_JWT_SECRET", JWT_SECRET));
    }

    @AfterAll
    static void stop()
    {
        api.close();
    }

    static String jwt(final String sub, final long expSeconds, final String alg, final String secret) throws Exception
    {
        final Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        final String header = b64.encodeToString(("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}").getBytes(StandardCharsets.UTF_8));
        final String claims = b64.encodeToString(("{\"sub\":\"" + sub + "\",\"exp\":" + expSeconds + "}").getBytes(StandardCharsets.UTF_8));
        final Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return header + "." + claims + "." + b64.encodeToString(mac.doFinal((header + "." + claims).getBytes(StandardCharsets.US_ASCII)));
    }

    static long inAnHour()
    {
        return System.currentTimeMillis() / 1000 + 3600;
    }

    @Test
    void aValidTokenIdentifiesTheCallerAndBadOnesAre401() throws Exception
    {
        final String body = "{\"sku\":\"BIG\",\"quantity\":1}";
        final TestServer.Reply ok = api.post("/api/v1/reservations", body, "Authorization", "Bearer " + jwt("olivia", inAnHour(), "HS256", JWT_SECRET));
        assertThat(ok.status()).isEqualTo(201);
        assertThat(ok.body().path("userId").asText()).isEqualTo("olivia");

        final String id = ok.body().path("reservationId").asText();
        assertThat(api.get("/api/v1/reservations/" + id, "Authorization", "Bearer " + jwt("olivia", inAnHour(), "HS256", JWT_SECRET)).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/reservations/" + id, "Authorization", "Bearer " + jwt("peggy", inAnHour(), "HS256", JWT_SECRET)).status()).isEqualTo(404);

        for (final String token : new String[]{
            jwt("olivia", System.currentTimeMillis() / 1000 - 10, "HS256", JWT_SECRET),
            jwt("olivia", inAnHour(), "HS256", "another-secret"),
            jwt("olivia", inAnHour(), "none", JWT_SECRET),
            jwt("olivia", inAnHour(), "HS512", JWT_SECRET),
            jwt("bad user", inAnHour(), "HS256", JWT_SECRET),
            "not.a.token", "a.b", "", "....."})
        {
            assertThat(api.post("/api/v1/reservations", body, "Authorization", "Bearer " + token).error())
                .as(token).isEqualTo("UNAUTHENTICATED");
        }
        assertThat(api.post("/api/v1/reservations", body, "X-User-Id", "olivia").status()).as("dev header in jwt mode").isEqualTo(401);
    }

    @Test
    void adminNeedsTheToken() throws Exception
    {
        assertThat(api.get("/admin/v1/stats").error()).isEqualTo("UNAUTHENTICATED");
        assertThat(api.get("/admin/v1/stats", "Authorization", "Bearer wrong").status()).isEqualTo(401);
        final TestServer.Reply stats = api.get("/admin/v1/stats", TestServer.admin());
        assertThat(stats.status()).isEqualTo(200);
        assertThat(stats.body().path("shards")).hasSize(2);
        assertThat(stats.body().path("shards").get(0).has("expiriesByLayer")).isTrue();
    }

    @Test
    void adminCreatesUpdatesAndClosesProducts() throws Exception
    {
        final TestServer.Reply created = api.put("/admin/v1/products/NEW-1",
            "{\"name\":\"New thing\",\"description\":\"d\",\"category\":\"Toys\",\"priceCents\":1500,\"stock\":3,\"perUserLimit\":1}",
            TestServer.admin());
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().path("availability").path("available").asInt()).isEqualTo(3);

        final String token = "Bearer " + jwt("sam", inAnHour(), "HS256", JWT_SECRET);
        assertThat(api.post("/api/v1/reservations", "{\"sku\":\"NEW-1\",\"quantity\":1}", "Authorization", token).status()).isEqualTo(201);
        assertThat(api.put("/admin/v1/products/NEW-1", "{\"stock\":0}", TestServer.admin()).status())
            .as("stock below held + sold").isEqualTo(409);
        final TestServer.Reply updated = api.put("/admin/v1/products/NEW-1", "{\"stock\":10}", TestServer.admin());
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.body().path("availability").path("available").asInt()).isEqualTo(9);
        assertThat(api.put("/admin/v1/products/NEW-2", "{\"name\":\"x\"}", TestServer.admin()).status()).as("incomplete new product").isEqualTo(400);
        assertThat(api.put("/admin/v1/products/NEW-1", "{\"stock\":\"ten\"}", TestServer.admin()).status()).isEqualTo(400);
        assertThat(api.put("/admin/v1/products/NEW-1", "{\"stock\":5}").status()).isEqualTo(401);

        final TestServer.Reply closed = api.post("/admin/v1/products/NEW-1/close", null, TestServer.admin());
        assertThat(closed.status()).isEqualTo(200);
        assertThat(closed.body().path("state").asText()).isEqualTo("CLOSED");
        assertThat(api.post("/api/v1/reservations", "{\"sku\":\"NEW-1\",\"quantity\":1}", "Authorization",
            "Bearer " + jwt("tom", inAnHour(), "HS256", JWT_SECRET)).error()).isEqualTo("SALE_NOT_OPEN");
    }

    @Test
    void adminExpireIsANoOpUntilTheHoldIsOverdue() throws Exception
    {
        final String token = "Bearer " + jwt("uma", inAnHour(), "HS256", JWT_SECRET);
        final String id = api.post("/api/v1/reservations", "{\"sku\":\"BIG\",\"quantity\":1}", "Authorization", token)
            .body().path("reservationId").asText();

        final TestServer.Reply early = api.post("/admin/v1/reservations/" + id + "/expire", null, TestServer.admin());
        assertThat(early.status()).isEqualTo(200);
        assertThat(early.body().path("status").asText()).isEqualTo("HELD");
        assertThat(api.post("/admin/v1/reservations/0-99999/expire", null, TestServer.admin()).status()).isEqualTo(404);
    }
}
