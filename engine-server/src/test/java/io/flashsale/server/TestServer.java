package io.flashsale.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A real server on a real socket (port 0), its data in a temporary folder, and a small HTTP client. */
final class TestServer implements AutoCloseable
{
    static final ObjectMapper JSON = new ObjectMapper();
    static final String ADMIN = "admin-secret-token";

    /** The node, or null when the tests talk to an edge in front of nodes. */
    final PrimaryNode server;
    final int port;
    private final AutoCloseable closes;
    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    final String base;

    record Reply(int status, JsonNode body, HttpResponse<String> raw)
    {
        String error()
        {
            return body == null ? null : body.path("error").asText(null);
        }
    }

    private TestServer(final PrimaryNode server, final int port, final AutoCloseable closes)
    {
        this.server = server;
        this.port = port;
        this.closes = closes;
        this.base = "http://127.0.0.1:" + port;
    }

    /** The same tests through something else that serves the API (an edge over groups), closed with this. */
    static TestServer through(final int port, final AutoCloseable closes)
    {
        return new TestServer(null, port, closes);
    }

    /** The catalogue every test server starts with, written into {@code dir}. */
    static Path catalogue(final Path dir) throws IOException
    {
        final Path catalogue = dir.resolve("catalogue.json");
        final long soon = System.currentTimeMillis() + 3_600_000;
        Files.writeString(catalogue, """
            {"products":[
             {"sku":"HOT","name":"Hot phone","description":"The one everyone wants","category":"Phones","priceCents":99900,"stock":5,"perUserLimit":2},
             {"sku":"BIG","name":"Wireless earbuds","description":"Plenty of them","category":"Audio","priceCents":4900,"stock":500,"perUserLimit":1},
             {"sku":"SOON","name":"Limited sneakers","description":"Not yet","category":"Fashion","priceCents":12900,"stock":10,"perUserLimit":1,"saleStart":%d},
             {"sku":"SHORT","name":"Espresso machine","description":"Short holds","category":"Home","priceCents":19900,"stock":10,"perUserLimit":5,"holdSeconds":1}
            ]}""".formatted(soon));
        return catalogue;
    }

    /** Products: HOT (stock 5, limit 2), BIG (stock 500, limit 1), SOON (opens in an hour), SHORT (1 s holds). */
    static TestServer start(final Path dir, final Map<String, String> overrides) throws Exception
    {
        final Path catalogue = catalogue(dir);
        final Map<String, String> settings = new HashMap<>(Map.of(
            "FLASHSALE_HTTP_PORT", "0",
            "FLASHSALE_HTTP_HOST", "127.0.0.1",
            "FLASHSALE_DATA_DIR", dir.resolve("data").toString(),
            "FLASHSALE_CATALOGUE", catalogue.toString(),
            "FLASHSALE_ADMIN_TOKEN", ADMIN,
            "FLASHSALE_AUTH_MODE", "dev",
            "FLASHSALE_SHARDS", "2",
            "FLASHSALE_RING_SIZE", "1024",
            "FLASHSALE_WAIT_STRATEGY", "blocking"));
        settings.putAll(Map.of(
            "FLASHSALE_READS_PER_SECOND", "100000", "FLASHSALE_READ_BURST", "100000",
            "FLASHSALE_WRITES_PER_SECOND", "100000", "FLASHSALE_WRITE_BURST", "100000",
            "FLASHSALE_GLOBAL_READS_PER_SECOND", "10000000", "FLASHSALE_GLOBAL_WRITES_PER_SECOND", "10000000"));
        // test classes keep their servers in static fields: small stores, or the suite's heap fills up
        settings.put("FLASHSALE_EXPECTED_USERS", "4096");
        settings.putAll(overrides);
        final Map<String, String> withDefaults = TestDefaults.settings();
        withDefaults.putAll(settings);
        final PrimaryNode node = PrimaryNode.start(SettingsLoader.from(withDefaults), line -> { });
        return new TestServer(node, node.port(), node);
    }

    Reply get(final String path, final String... headers) throws IOException, InterruptedException
    {
        return send("GET", path, null, headers);
    }

    Reply post(final String path, final String body, final String... headers) throws IOException, InterruptedException
    {
        return send("POST", path, body, headers);
    }

    Reply put(final String path, final String body, final String... headers) throws IOException, InterruptedException
    {
        return send("PUT", path, body, headers);
    }

    Reply reserve(final String user, final String sku, final int quantity, final String... headers)
        throws IOException, InterruptedException
    {
        final String[] all = concat(new String[]{"X-User-Id", user}, headers);
        return post("/api/v1/reservations", "{\"sku\":\"" + sku + "\",\"quantity\":" + quantity + "}", all);
    }

    Reply send(final String method, final String path, final String body, final String... headers)
        throws IOException, InterruptedException
    {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2)
        {
            request.header(headers[i], headers[i + 1]);
        }
        final HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = null;
        if (response.headers().firstValue("content-type").orElse("").startsWith("application/json"))
        {
            json = JSON.readTree(response.body());
        }
        return new Reply(response.statusCode(), json, response);
    }

    static String[] admin(final String... more)
    {
        return concat(new String[]{"Authorization", "Bearer " + ADMIN}, more);
    }

    private static String[] concat(final String[] first, final String[] second)
    {
        final String[] all = new String[first.length + second.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }

    static List<String> list(final String... values)
    {
        return List.of(values);
    }

    @Override
    public void close()
    {
        try
        {
            closes.close();
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException(ex);
        }
    }
}
