package io.flashsale.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The shopper API over a real socket, endpoint by endpoint and error code by error code (dev identity). */
class ShopperApiTest
{
    @TempDir
    static Path dir;

    static TestServer api;

    @BeforeAll
    static void start() throws Exception
    {
        api = TestServer.start(dir, Map.of());
    }

    @AfterAll
    static void stop()
    {
        api.close();
    }

    @Test
    void productsListEveryProductWithAvailability() throws Exception
    {
        final TestServer.Reply reply = api.get("/api/v1/products");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().path("products")).hasSize(4);
        final var first = reply.body().path("products").get(0);
        assertThat(first.path("sku").asText()).isEqualTo("BIG");
        for (final String field : new String[]{"sku", "name", "description", "category", "priceCents", "stock",
            "perUserLimit", "holdSeconds", "saleStart", "saleEnd", "availability"})
        {
            assertThat(first.has(field)).as(field).isTrue();
        }
        assertThat(first.path("saleStart").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    }

    @Test
    void productAndAvailabilityAreServedAndUnknownSkusAre404() throws Exception
    {
        final TestServer.Reply product = api.get("/api/v1/products/SOON");
        assertThat(product.status()).isEqualTo(200);
        assertThat(product.body().path("availability").path("state").asText()).isEqualTo("UPCOMING");

        final TestServer.Reply availability = api.get("/api/v1/products/HOT/availability");
        assertThat(availability.status()).isEqualTo(200);
        final var a = availability.body();
        assertThat(a.path("available").asInt() + a.path("held").asInt() + a.path("sold").asInt()).isEqualTo(a.path("stock").asInt());

        assertThat(api.get("/api/v1/products/NOPE").error()).isEqualTo("NOT_FOUND");
        assertThat(api.get("/api/v1/products/NOPE/availability").status()).isEqualTo(404);
    }

    @Test
    void aHoldIsConfirmedIntoAnOrder() throws Exception
    {
        final TestServer.Reply held = api.reserve("carol", "BIG", 1);
        assertThat(held.status()).isEqualTo(201);
        assertThat(held.body().path("status").asText()).isEqualTo("HELD");
        assertThat(held.body().path("userId").asText()).isEqualTo("carol");
        final String id = held.body().path("reservationId").asText();

        final TestServer.Reply read = api.get("/api/v1/reservations/" + id, "X-User-Id", "carol");
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.body().path("expiresAt").asText()).isNotEmpty();

        final TestServer.Reply confirmed = api.post("/api/v1/reservations/" + id + "/confirm", null, "X-User-Id", "carol");
        assertThat(confirmed.status()).isEqualTo(200);
        assertThat(confirmed.body().path("status").asText()).isEqualTo("CONFIRMED");
        assertThat(confirmed.body().path("orderId").asText()).isNotEmpty();

        assertThat(api.post("/api/v1/reservations/" + id + "/cancel", null, "X-User-Id", "carol").error())
            .isEqualTo("INVALID_STATE");
        assertThat(api.post("/api/v1/reservations/" + id + "/confirm", null, "X-User-Id", "carol").status()).isEqualTo(409);
    }

    @Test
    void aCancelledHoldReturnsItsUnits() throws Exception
    {
        final int before = api.get("/api/v1/products/BIG/availability").body().path("available").asInt();
        final String id = api.reserve("dave", "BIG", 1).body().path("reservationId").asText();
        assertThat(api.get("/api/v1/products/BIG/availability").body().path("available").asInt()).isEqualTo(before - 1);

        final TestServer.Reply cancelled = api.post("/api/v1/reservations/" + id + "/cancel", null, "X-User-Id", "dave");

        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.body().path("status").asText()).isEqualTo("CANCELLED");
        assertThat(api.get("/api/v1/products/BIG/availability").body().path("available").asInt()).isEqualTo(before);
    }

    @Test
    void soldOutLimitAndSaleNotOpenAre409() throws Exception
    {
        assertThat(api.reserve("erin", "HOT", 2).status()).isEqualTo(201);
        assertThat(api.reserve("erin", "HOT", 1).error()).isEqualTo("LIMIT_EXCEEDED");
        assertThat(api.reserve("frank", "HOT", 2).status()).isEqualTo(201);
        final TestServer.Reply soldOut = api.reserve("grace", "HOT", 2);
        assertThat(soldOut.status()).isEqualTo(409);
        assertThat(soldOut.error()).isEqualTo("SOLD_OUT");
        assertThat(soldOut.body().path("message").asText()).isNotEmpty();
        assertThat(api.reserve("heidi", "SOON", 1).error()).isEqualTo("SALE_NOT_OPEN");
    }

    @Test
    void anExpiredHoldIs410AndReadsAsExpired() throws Exception
    {
        final String id = api.reserve("ivan", "SHORT", 2).body().path("reservationId").asText();
        Thread.sleep(1_200);

        assertThat(api.get("/api/v1/reservations/" + id, "X-User-Id", "ivan").body().path("status").asText()).isEqualTo("EXPIRED");
        final TestServer.Reply confirm = api.post("/api/v1/reservations/" + id + "/confirm", null, "X-User-Id", "ivan");
        assertThat(confirm.status()).isEqualTo(410);
        assertThat(confirm.error()).isEqualTo("HOLD_EXPIRED");
        assertThat(api.post("/api/v1/reservations/" + id + "/cancel", null, "X-User-Id", "ivan").status()).isEqualTo(410);
    }

    @Test
    void othersReservationsAreNotFound() throws Exception
    {
        final String id = api.reserve("judy", "BIG", 1).body().path("reservationId").asText();

        assertThat(api.get("/api/v1/reservations/" + id, "X-User-Id", "mallory").status()).isEqualTo(404);
        assertThat(api.post("/api/v1/reservations/" + id + "/confirm", null, "X-User-Id", "mallory").error()).isEqualTo("NOT_FOUND");
        assertThat(api.post("/api/v1/reservations/" + id + "/cancel", null, "X-User-Id", "mallory").status()).isEqualTo(404);
        assertThat(api.get("/api/v1/reservations/0-999999", "X-User-Id", "judy").status()).isEqualTo(404);
        assertThat(api.get("/api/v1/reservations/not-an-id", "X-User-Id", "judy").status()).isEqualTo(400);
    }

    @Test
    void anIdempotencyKeyReplaysTheFirstAnswer() throws Exception
    {
        final TestServer.Reply first = api.reserve("kim", "BIG", 1, "Idempotency-Key", "order-77");
        final TestServer.Reply again = api.reserve("kim", "BIG", 1, "Idempotency-Key", "order-77");

        assertThat(again.status()).isEqualTo(first.status()).isEqualTo(201);
        assertThat(again.body().path("reservationId").asText()).isEqualTo(first.body().path("reservationId").asText());
        assertThat(api.reserve("kim", "BIG", 1, "Idempotency-Key", "order-78").error()).isEqualTo("LIMIT_EXCEEDED");
        assertThat(api.reserve("kim", "BIG", 1, "Idempotency-Key", "x".repeat(65)).status()).isEqualTo(400);
    }

    @Test
    void writesNeedAnIdentity() throws Exception
    {
        assertThat(api.post("/api/v1/reservations", "{\"sku\":\"BIG\",\"quantity\":1}").error()).isEqualTo("UNAUTHENTICATED");
        assertThat(api.reserve("bad user!", "BIG", 1).status()).isEqualTo(401);
        assertThat(api.reserve("x".repeat(65), "BIG", 1).status()).isEqualTo(401);
        assertThat(api.get("/api/v1/reservations/0-1").status()).isEqualTo(401);
    }

    @Test
    void malformedRequestsAre400AndWrongMethods405() throws Exception
    {
        assertThat(api.post("/api/v1/reservations", "{\"sku\":\"BIG\"}", "X-User-Id", "lee").error()).isEqualTo("INVALID_REQUEST");
        assertThat(api.reserve("lee", "BIG", 0).status()).isEqualTo(400);
        final TestServer.Reply wrongMethod = api.send("DELETE", "/api/v1/reservations", null, "X-User-Id", "lee");
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.error()).isEqualTo("METHOD_NOT_ALLOWED");
        assertThat(wrongMethod.raw().headers().firstValue("allow")).hasValue("POST");
        assertThat(api.reserve("lee", "NOPE", 1).error()).isEqualTo("NOT_FOUND");
        assertThat(api.post("/api/v1/reservations", "x".repeat(17_000), "X-User-Id", "lee").status()).isEqualTo(413);
    }

    @Test
    void healthMetricsAndOpenApiAreServed() throws Exception
    {
        final TestServer.Reply health = api.get("/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body().path("status").asText()).isEqualTo("UP");
        assertThat(health.body().path("role").asText()).isEqualTo("PRIMARY");
        assertThat(health.body().path("journalIndex").asLong()).isPositive();

        final TestServer.Reply metrics = api.get("/metrics");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.raw().body()).contains("flashsale_http_requests").contains("flashsale_ring_remaining_capacity")
            .contains("flashsale_hold_expiries").contains("flashsale_journal_index");

        final TestServer.Reply openApi = api.get("/api/openapi.yaml");
        assertThat(openApi.status()).isEqualTo(200);
        assertThat(openApi.raw().body()).startsWith("openapi: 3").contains("/api/v1/reservations/{id}/confirm");
        assertThat(api.get("/").raw().body()).contains("<html");
        assertThat(api.get("/ops").raw().body()).contains("Operations");
    }
}
