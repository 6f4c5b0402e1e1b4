package io.flashsale.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile input: every case gets its 4xx JSON error (never a 5xx, a hang or a state change), and
 * the server is still up after all of them.
 */
class HostileInputTest
{
    @TempDir
    static Path dir;

    static TestServer api;
    static long bigVersion;
    static long hotVersion;

    record Case(String name, byte[] request, int expected)
    {
    }

    @BeforeAll
    static void start() throws Exception
    {
        api = TestServer.start(dir, Map.of("FLASHSALE_REQUEST_TIMEOUT_MS", "700"));
        bigVersion = version("BIG");
        hotVersion = version("HOT");
    }

    @AfterAll
    static void stop() throws Exception
    {
        assertThat(api.get("/health").status()).as("still up").isEqualTo(200);
        assertThat(version("BIG")).as("no state change").isEqualTo(bigVersion);
        assertThat(version("HOT")).as("no state change").isEqualTo(hotVersion);
        api.close();
    }

    static long version(final String sku) throws Exception
    {
        return api.get("/api/v1/products/" + sku + "/availability").body().path("version").asLong();
    }

    static byte[] post(final String path, final String headers, final byte[] body)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\n" + headers +
            "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(body);
        return out.toByteArray();
    }

    static byte[] reserve(final String body)
    {
        return post("/api/v1/reservations", "X-User-Id: hostile\r\n", body.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] raw(final String text)
    {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] get(final String path, final String headers)
    {
        return raw("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n" + headers + "\r\n");
    }

    static List<Case> cases()
    {
        final List<Case> cases = new ArrayList<>();
        final String[][] badBodies = {
            {"unclosed object", "{"}, {"array", "[]"}, {"string", "\"BIG\""}, {"null", "null"}, {"number", "123"},
            {"empty object", "{}"}, {"missing quantity", "{\"sku\":\"BIG\"}"}, {"missing sku", "{\"quantity\":1}"},
            {"sku a number", "{\"sku\":1,\"quantity\":1}"}, {"sku null", "{\"sku\":null,\"quantity\":1}"},
            {"quantity a string", "{\"sku\":\"BIG\",\"quantity\":\"1\"}"}, {"quantity fractional", "{\"sku\":\"BIG\",\"quantity\":1.5}"},
            {"quantity exponent", "{\"sku\":\"BIG\",\"quantity\":1e3}"}, {"quantity negative", "{\"sku\":\"BIG\",\"quantity\":-1}"},
            {"quantity zero", "{\"sku\":\"BIG\",\"quantity\":0}"},
            {"quantity huge", "{\"sku\":\"BIG\",\"quantity\":99999999999999999999999999}"},
            {"quantity long max", "{\"sku\":\"BIG\",\"quantity\":9223372036854775807}"},
            {"quantity over the cap", "{\"sku\":\"BIG\",\"quantity\":1001}"},
            {"quantity boolean", "{\"sku\":\"BIG\",\"quantity\":true}"}, {"quantity array", "{\"sku\":\"BIG\",\"quantity\":[1]}"},
            {"quantity object", "{\"sku\":\"BIG\",\"quantity\":{\"a\":1}}"},
            {"unknown field", "{\"sku\":\"BIG\",\"quantity\":1,\"price\":0}"},
            {"duplicate field", "{\"sku\":\"BIG\",\"quantity\":1,\"quantity\":2}"},
            {"trailing garbage", "{\"sku\":\"BIG\",\"quantity\":1} trailing"}, {"two objects", "{\"sku\":\"BIG\",\"quantity\":1}{}"},
            {"comment", "{\"sku\":\"BIG\",/* no */\"quantity\":1}"}, {"empty sku", "{\"sku\":\"\",\"quantity\":1}"},
            {"long sku", "{\"sku\":\"" + "A".repeat(100) + "\",\"quantity\":1}"}, {"single quotes", "{'sku':'BIG','quantity':1}"},
            {"nested deep", "[".repeat(5000) + "]".repeat(5000)}, {"NaN", "{\"sku\":\"BIG\",\"quantity\":NaN}"},
        };
        for (final String[] body : badBodies)
        {
            cases.add(new Case("body: " + body[0], reserve(body[1]), 400));
        }
        cases.add(new Case("body: bad UTF-8", post("/api/v1/reservations", "X-User-Id: hostile\r\n",
            new byte[]{'{', '"', 's', 'k', 'u', '"', ':', '"', (byte)0xFF, (byte)0xFE, '"', ',', '"', 'q', 'u', 'a', 'n', 't', 'i', 't', 'y', '"', ':', '1', '}'}), 400));
        cases.add(new Case("body: empty", post("/api/v1/reservations", "X-User-Id: hostile\r\n", new byte[0]), 400));
        cases.add(new Case("sku: path traversal", reserve("{\"sku\":\"../../etc/passwd\",\"quantity\":1}"), 404));
        cases.add(new Case("sku: NUL inside", reserve("{\"sku\":\"BIG\\u0000\",\"quantity\":1}"), 404));
        cases.add(new Case("body: 17 KiB", post("/api/v1/reservations", "X-User-Id: hostile\r\n", new byte[17 * 1024]), 413));
        cases.add(new Case("body: 1 MiB", post("/api/v1/reservations", "X-User-Id: hostile\r\n", new byte[1 << 20]), 413));
        cases.add(new Case("body: huge Content-Length with Expect", raw("POST /api/v1/reservations HTTP/1.1\r\nHost: x\r\n" +
            "X-User-Id: hostile\r\nExpect: 100-continue\r\nContent-Length: 100000000\r\n\r\n"), 413));
        final String valid = "{\"sku\":\"BIG\",\"quantity\":1}";
        final byte[] validBytes = valid.getBytes(StandardCharsets.UTF_8);
        cases.add(new Case("identity: none", post("/api/v1/reservations", "", validBytes), 401));
        cases.add(new Case("identity: empty", post("/api/v1/reservations", "X-User-Id: \r\n", validBytes), 401));
        cases.add(new Case("identity: space", post("/api/v1/reservations", "X-User-Id: a b\r\n", validBytes), 401));
        cases.add(new Case("identity: 65 chars", post("/api/v1/reservations", "X-User-Id: " + "u".repeat(65) + "\r\n", validBytes), 401));
        cases.add(new Case("identity: non-ASCII", post("/api/v1/reservations", "X-User-Id: \u00fcser\r\n", validBytes), 401));
        cases.add(new Case("identity: bearer in dev mode", post("/api/v1/reservations", "Authorization: Bearer abc\r\n", validBytes), 401));
        cases.add(new Case("Idempotency-Key: 65 chars", post("/api/v1/reservations",
            "X-User-Id: hostile\r\nIdempotency-Key: " + "k".repeat(65) + "\r\n", reserveBodyForSoldOut()), 400));
        cases.add(new Case("Idempotency-Key: space", post("/api/v1/reservations",
            "X-User-Id: hostile\r\nIdempotency-Key: a b\r\n", reserveBodyForSoldOut()), 400));
        cases.add(new Case("header: 9 KiB", get("/api/v1/products", "X-Junk: " + "j".repeat(9 * 1024) + "\r\n"), 431));
        cases.add(new Case("headers: many", get("/api/v1/products", "X-Junk: 1234567890\r\n".repeat(700)), 431));
        cases.add(new Case("request line: 5 KiB URI", get("/api/v1/products/" + "A".repeat(5 * 1024), ""), 431));
        cases.add(new Case("request line: garbage", raw("GARBAGE\r\n\r\n"), 400));
        cases.add(new Case("request line: binary", new byte[]{0, 1, 2, 3, 13, 10, 13, 10}, 400));
        cases.add(new Case("method: unknown", raw("BREW /api/v1/products HTTP/1.1\r\nHost: x\r\n\r\n"), 405));
        cases.add(new Case("method: DELETE products", raw("DELETE /api/v1/products HTTP/1.1\r\nHost: x\r\n\r\n"), 405));
        cases.add(new Case("method: PUT reservations", post("/api/v1/reservations", "", validBytes).length > 0 ?
            raw("PUT /api/v1/reservations HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n") : null, 405));
        cases.add(new Case("method: GET reservations", get("/api/v1/reservations", "X-User-Id: hostile\r\n"), 405));
        cases.add(new Case("method: GET confirm", get("/api/v1/reservations/0-1/confirm", "X-User-Id: hostile\r\n"), 405));
        cases.add(new Case("path: traversal", get("/../../etc/passwd", ""), 404));
        cases.add(new Case("path: encoded traversal", get("/api/v1/products/..%2F..%2Fetc%2Fpasswd", ""), 404));
        cases.add(new Case("path: encoded NUL", get("/api/v1/products/%00", ""), 404));
        cases.add(new Case("path: dot segments", get("/api/v1/reservations/0-1/../../x", "X-User-Id: hostile\r\n"), 404));
        cases.add(new Case("path: unknown", get("/api/v2/products", ""), 404));
        cases.add(new Case("path: bad percent", get("/api/v1/products/%ZZ", ""), 404));
        cases.add(new Case("query: bad percent", get("/api/v1/search?q=%ZZ", ""), 400));
        cases.add(new Case("query: 10 KB", get("/api/v1/search?q=" + "q".repeat(3000), ""), 400));
        cases.add(new Case("id: negative", get("/api/v1/reservations/-1", "X-User-Id: hostile\r\n"), 400));
        cases.add(new Case("id: shard out of range", get("/api/v1/reservations/999-1", "X-User-Id: hostile\r\n"), 400));
        cases.add(new Case("id: shard not present", get("/api/v1/reservations/7-1", "X-User-Id: hostile\r\n"), 404));
        cases.add(new Case("id: letters", post("/api/v1/reservations/abc/confirm", "X-User-Id: hostile\r\n", new byte[0]), 400));
        cases.add(new Case("id: overflow", post("/api/v1/reservations/0-99999999999999999999/cancel", "X-User-Id: hostile\r\n", new byte[0]), 400));
        cases.add(new Case("id: someone else's", post("/api/v1/reservations/0-1/cancel", "X-User-Id: hostile\r\n", new byte[0]), 404));
        cases.add(new Case("admin: no token", raw("PUT /admin/v1/products/HOT HTTP/1.1\r\nHost: x\r\nContent-Length: 13\r\n\r\n{\"stock\":999}"), 401));
        cases.add(new Case("admin: wrong token", raw("PUT /admin/v1/products/HOT HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer nope\r\n" +
            "Content-Length: 13\r\n\r\n{\"stock\":999}"), 401));
        cases.add(new Case("admin: token prefix", raw("GET /admin/v1/stats HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
            TestServer.ADMIN.substring(0, 5) + "\r\n\r\n"), 401));
        final String admin = "Authorization: Bearer " + TestServer.ADMIN + "\r\n";
        cases.add(new Case("admin: bad sku", post("/admin/v1/products/BAD%20SKU", admin, "{\"stock\":1}".getBytes()), 405));
        cases.add(new Case("admin: put bad sku", raw("PUT /admin/v1/products/BAD%20SKU HTTP/1.1\r\nHost: x\r\n" + admin +
            "Content-Length: 11\r\n\r\n{\"stock\":1}"), 400));
        cases.add(new Case("admin: null body", raw("PUT /admin/v1/products/HOT HTTP/1.1\r\nHost: x\r\n" + admin +
            "Content-Length: 4\r\n\r\nnull"), 400));
        cases.add(new Case("admin: negative stock", raw("PUT /admin/v1/products/HOT HTTP/1.1\r\nHost: x\r\n" + admin +
            "Content-Length: 12\r\n\r\n{\"stock\":-5}"), 400));
        cases.add(new Case("admin: bad time", raw("PUT /admin/v1/products/HOT HTTP/1.1\r\nHost: x\r\n" + admin +
            "Content-Length: 22\r\n\r\n{\"saleStart\":\"to\"+\"day\"}"), 400));
        cases.add(new Case("admin: expire bad id", post("/admin/v1/reservations/x-y/expire", admin, new byte[0]), 400));
        cases.add(new Case("framing: bad chunk size", raw("POST /api/v1/reservations HTTP/1.1\r\nHost: x\r\nX-User-Id: hostile\r\n" +
            "Transfer-Encoding: chunked\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n"), 400));
        cases.add(new Case("framing: Content-Length not a number", raw("POST /api/v1/reservations HTTP/1.1\r\nHost: x\r\n" +
            "X-User-Id: hostile\r\nContent-Length: abc\r\n\r\n{}"), 400));
        cases.add(new Case("framing: negative Content-Length", raw("POST /api/v1/reservations HTTP/1.1\r\nHost: x\r\n" +
            "X-User-Id: hostile\r\nContent-Length: -1\r\n\r\n{}"), 400));
        cases.add(new Case("framing: two Content-Lengths", raw("POST /api/v1/reservations HTTP/1.1\r\nHost: x\r\n" +
            "X-User-Id: hostile\r\nContent-Length: 2\r\nContent-Length: 30\r\n\r\n{}"), 400));
        cases.add(new Case("framing: Content-Length and chunked", raw("POST /api/v1/reservations HTTP/1.1\r\nHost: x\r\n" +
            "X-User-Id: hostile\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n"), 400));
        cases.add(new Case("slowloris: headers never finish", raw("GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: 1"), 408));
        cases.add(new Case("slowloris: body never finishes", raw("POST /api/v1/reservations HTTP/1.1\r\nHost: x\r\n" +
            "X-User-Id: hostile\r\nContent-Length: 100\r\n\r\n{\"sku\""), 408));
        return cases;
    }

    /** Valid JSON for a SKU with nothing left to give, so a header problem is the only thing to find. */
    private static byte[] reserveBodyForSoldOut()
    {
        return "{\"sku\":\"BIG\",\"quantity\":1}".getBytes(StandardCharsets.UTF_8);
    }

    @org.junit.jupiter.api.Test
    void aKeptAliveConnectionStaysUsableAfterA413() throws Exception
    {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", api.port))
        {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(post("/api/v1/reservations", "X-User-Id: hostile\r\n", new byte[17 * 1024]));
            assertThat(RawHttp.read(RawHttp.oneAtATime(socket.getInputStream())).status()).isEqualTo(413);
            Thread.sleep(1_600); // past the request deadline (700 ms, checked every 700 ms)

            socket.getOutputStream().write(get("/health", ""));
            assertThat(RawHttp.read(RawHttp.oneAtATime(socket.getInputStream())).status()).isEqualTo(200);
        }
    }

    @TestFactory
    List<DynamicTest> everyHostileRequestGetsItsJson4xx()
    {
        final List<Case> cases = cases();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(60);
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () ->
        {
            final RawHttp.Response response = RawHttp.exchange(api.port, c.request(), 5_000);
            assertThat(response.status()).as("%s: %s %s", c.name(), response.headers(), response.body()).isEqualTo(c.expected());
            assertThat(response.headers()).containsIgnoringCase("content-type: application/json");
            assertThat(TestServer.JSON.readTree(response.body()).path("error").asText()).isNotEmpty();
        })).toList();
    }
}
