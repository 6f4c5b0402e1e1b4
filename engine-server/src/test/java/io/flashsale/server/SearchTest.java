package io.flashsale.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Product search relevance: exact words, prefixes while typing, typos; results carry live availability. */
class SearchTest
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

    static JsonNode search(final String q) throws Exception
    {
        final TestServer.Reply reply = api.get("/api/v1/search?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8) + "&limit=5");
        assertThat(reply.status()).isEqualTo(200);
        return reply.body();
    }

    static String top(final String q) throws Exception
    {
        return search(q).path("results").get(0).path("sku").asText();
    }

    @Test
    void exactPrefixAndTypoQueriesFindTheProduct() throws Exception
    {
        assertThat(top("espresso machine")).isEqualTo("SHORT");
        assertThat(top("espr")).as("prefix").isEqualTo("SHORT");
        assertThat(top("expresso")).as("one typo").isEqualTo("SHORT");
        assertThat(top("earbdus")).as("transposition").isEqualTo("BIG");
        assertThat(top("Audio")).as("category").isEqualTo("BIG");
        assertThat(search("zzzzqqqq").path("total").asInt()).isZero();
    }

    @Test
    void resultsCarryLiveAvailabilityAndTheNormalisedQuery() throws Exception
    {
        final int before = search("hot phone").path("results").get(0).path("available").asInt();
        api.reserve("searcher", "HOT", 1);

        final JsonNode after = search("  Hot   PHONE ");
        assertThat(after.path("query").asText()).isEqualTo("hot phone");
        assertThat(after.path("results").get(0).path("sku").asText()).isEqualTo("HOT");
        assertThat(after.path("results").get(0).path("available").asInt()).isEqualTo(before - 1);
        assertThat(after.path("results").get(0).has("score")).isTrue();
        assertThat(after.path("results").get(0).has("priceCents")).isTrue();
    }

    @Test
    void aProductChangeIsFoundAtOnce() throws Exception
    {
        api.put("/admin/v1/products/NEWT", "{\"name\":\"Mechanical keyboard\",\"priceCents\":5000,\"stock\":5,\"perUserLimit\":1}",
            TestServer.admin());

        assertThat(top("keyboard")).isEqualTo("NEWT");
    }

    @Test
    void badQueriesAre400() throws Exception
    {
        assertThat(api.get("/api/v1/search").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/search?q=").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/search?q=" + "a".repeat(101)).status()).isEqualTo(400);
        assertThat(api.get("/api/v1/search?q=phone&limit=0").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/search?q=phone&limit=abc").status()).isEqualTo(400);
        assertThat(RawHttp.exchange(api.server.port(),
            "GET /api/v1/search?q=%ZZ HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 5_000).status())
            .isEqualTo(400);
    }
}
