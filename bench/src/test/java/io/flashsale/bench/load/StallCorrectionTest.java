package io.flashsale.bench.load;

import com.sun.net.httpserver.HttpServer;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A synthetic server that answers at once except for one 1 s stall of the whole server: the
 * corrected percentiles must show the stall (every request due during it is late), not hide it
 * behind the few connections that were waiting (coordinated omission).
 */
class StallCorrectionTest
{
    @Test
    void aServerStallShowsInTheCorrectedPercentiles() throws Exception
    {
        final ExecutorService oneThread = Executors.newSingleThreadExecutor();
        final HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        final long started = System.nanoTime();
        final AtomicBoolean stalled = new AtomicBoolean();
        server.createContext("/", exchange ->
        {
            if (System.nanoTime() - started > TimeUnit.MILLISECONDS.toNanos(1_500) && stalled.compareAndSet(false, true))
            {
                sleep(1_000); // the single server thread: everything waits
            }
            final byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.setExecutor(oneThread);
        server.start();
        try
        {
            final Scenario ping = new Scenario()
            {
                @Override
                public String name()
                {
                    return "ping";
                }

                @Override
                public Session session(final int connection)
                {
                    return new Session()
                    {
                        @Override
                        public LoadRequest next()
                        {
                            return new LoadRequest("ping", "GET", "/", null, null);
                        }

                        @Override
                        public void onAnswer(final LoadRequest request, final int status, final String body)
                        {
                        }
                    };
                }

                @Override
                public List<String> skus()
                {
                    return List.of();
                }
            };
            final HttpLoadGenerator.Outcome outcome = HttpLoadGenerator.run(new HttpLoadGenerator.Plan(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort()), ping, 400, 8,
                TimeUnit.SECONDS.toNanos(4), TimeUnit.MILLISECONDS.toNanos(500), Long.MAX_VALUE), latencies -> { });
            final Histogram h = outcome.latencies().total().get("ping");
            assertThat(stalled).isTrue();
            // about 400 of ~1,400 recorded requests were due during the stall: late by up to a second
            assertThat(h.getTotalCount()).isGreaterThan(1_000);
            assertThat(h.getValueAtPercentile(50)).as("p50 us").isLessThan(100_000);
            assertThat(h.getValueAtPercentile(90)).as("p90 us").isGreaterThan(300_000);
            assertThat(h.getMaxValue()).as("max us").isGreaterThan(900_000);
            assertThat(outcome.latencies().statuses()).containsEntry("ping 200", h.getTotalCount());
        }
        finally
        {
            server.stop(0);
            oneThread.shutdownNow();
        }
    }

    private static void sleep(final long millis)
    {
        try
        {
            Thread.sleep(millis);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
