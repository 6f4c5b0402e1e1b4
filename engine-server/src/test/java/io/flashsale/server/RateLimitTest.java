package io.flashsale.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Per-caller token buckets: over the write budget a caller gets 429 with Retry-After, before anything is queued. */
class RateLimitTest
{
    @TempDir
    Path dir;

    @Test
    void writesOverTheCallersBudgetAre429WithRetryAfter() throws Exception
    {
        try (TestServer api = TestServer.start(dir, Map.of("FLASHSALE_WRITES_PER_SECOND", "1", "FLASHSALE_WRITE_BURST", "3",
            "FLASHSALE_READS_PER_SECOND", "1", "FLASHSALE_READ_BURST", "5")))
        {
            final long version = api.get("/api/v1/products/BIG/availability", "X-User-Id", "watcher").body().path("version").asLong();
            int limited = 0;
            for (int i = 0; i < 8; i++)
            {
                final TestServer.Reply reply = api.reserve("rita", "BIG", 1);
                if (reply.status() == 429)
                {
                    limited++;
                    assertThat(reply.error()).isEqualTo("RATE_LIMITED");
                    assertThat(reply.raw().headers().firstValue("retry-after")).isPresent();
                }
            }
            assertThat(limited).isGreaterThanOrEqualTo(4);
            assertThat(api.reserve("sara", "BIG", 1).status()).as("another caller has its own budget").isEqualTo(201);

            int readsLimited = 0;
            for (int i = 0; i < 10; i++)
            {
                readsLimited += api.get("/api/v1/products/BIG", "X-User-Id", "reader").status() == 429 ? 1 : 0;
            }
            assertThat(readsLimited).isGreaterThanOrEqualTo(4);
            assertThat(api.get("/api/v1/products/BIG/availability", "X-User-Id", "watcher").body().path("version").asLong())
                .as("only the one admitted hold changed BIG").isEqualTo(version + 2);
        }
    }
}
