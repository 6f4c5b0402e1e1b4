package io.flashsale.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Live availability over Server-Sent Events, and HTTP/1.1 pipelining answered in order. */
class StreamAndPipeliningTest
{
    @TempDir
    Path dir;

    record Event(long receivedNanos, long version)
    {
    }

    @Test
    void aStreamSeesEveryChangeWithin100MillisCoalesced() throws Exception
    {
        try (TestServer api = TestServer.start(dir, Map.of()); Socket socket = new Socket("127.0.0.1", api.server.port()))
        {
            socket.getOutputStream().write(("GET /api/v1/products/BIG/availability/stream HTTP/1.1\r\nHost: x\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
            final List<Event> events = new CopyOnWriteArrayList<>();
            final BufferedReader lines = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            final Thread reader = Thread.ofPlatform().daemon().start(() ->
            {
                try
                {
                    String line;
                    while ((line = lines.readLine()) != null)
                    {
                        if (line.startsWith("data: "))
                        {
                            events.add(new Event(System.nanoTime(), TestServer.JSON.readTree(line.substring(6)).path("version").asLong()));
                        }
                    }
                }
                catch (final java.io.IOException ignored)
                {
                    // closed at the end of the test
                }
            });
            while (events.isEmpty())
            {
                Thread.sleep(5);
            }
            assertThat(lines).isNotNull();
            for (int i = 0; i < 5; i++)
            {
                // the clock starts when the change is acknowledged (it is applied before its answer),
                // not before two HTTP calls a cold client may take tens of ms to make
                final boolean held = api.reserve("streamer-" + i, "BIG", 1).status() == 201;
                final long before = System.nanoTime();
                final long version = held ? api.get("/api/v1/products/BIG/availability").body().path("version").asLong() : -1;
                while (events.get(events.size() - 1).version() < version && System.nanoTime() - before < 2_000_000_000L)
                {
                    Thread.sleep(2);
                }
                final Event seen = events.get(events.size() - 1);
                assertThat(seen.version()).isEqualTo(version);
                assertThat((seen.receivedNanos() - before) / 1_000_000).as("ms until the stream showed it").isLessThan(100);
            }
            final int before = events.size();
            for (int i = 0; i < 20; i++)
            {
                api.reserve("burst-" + i, "BIG", 1);
            }
            Thread.sleep(200);
            assertThat(events.size() - before).as("a burst of 20 changes is coalesced").isLessThan(20);
            socket.close();
            reader.join(1_000);
        }
    }

    @Test
    void oneStreamCarriesEverySkuAtOnceThenEachChange() throws Exception
    {
        try (TestServer api = TestServer.start(dir, Map.of()); Socket socket = new Socket("127.0.0.1", api.server.port()))
        {
            socket.getOutputStream().write(("GET /api/v1/availability/stream HTTP/1.1\r\nHost: x\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
            final List<String> skus = new CopyOnWriteArrayList<>();
            final BufferedReader lines = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            final Thread reader = Thread.ofPlatform().daemon().start(() ->
            {
                try
                {
                    String line;
                    while ((line = lines.readLine()) != null)
                    {
                        if (line.startsWith("data: "))
                        {
                            skus.add(TestServer.JSON.readTree(line.substring(6)).path("sku").asText());
                        }
                    }
                }
                catch (final java.io.IOException ignored)
                {
                    // closed at the end of the test
                }
            });
            await().atMost(Duration.ofSeconds(5)).until(() -> skus.size() >= 4);
            assertThat(skus).containsExactlyInAnyOrder("BIG", "HOT", "SHORT", "SOON");
            assertThat(api.reserve("many-1", "HOT", 1).status()).isEqualTo(201);
            await().atMost(Duration.ofSeconds(2)).until(() -> skus.size() == 5);
            assertThat(skus.get(4)).isEqualTo("HOT");
            socket.close();
            reader.join(1_000);
        }
        try (TestServer api = TestServer.start(java.nio.file.Files.createDirectories(dir.resolve("again")), Map.of()))
        {
            assertThat(api.get("/api/v1/availability/stream?skus=HOT,NOPE").status()).isEqualTo(404);
            assertThat(api.get("/api/v1/availability/stream?skus=HOT,").status()).isEqualTo(404);
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception
    {
        try (TestServer api = TestServer.start(dir, Map.of()); Socket socket = new Socket("127.0.0.1", api.server.port()))
        {
            final String reserve = "{\"sku\":\"BIG\",\"quantity\":1}";
            final StringBuilder burst = new StringBuilder();
            final List<String> expected = new ArrayList<>();
            for (int i = 0; i < 10; i++)
            {
                burst.append("POST /api/v1/reservations HTTP/1.1\r\nHost: x\r\nX-User-Id: pipe-").append(i)
                    .append("\r\nContent-Length: ").append(reserve.length()).append("\r\n\r\n").append(reserve);
                expected.add("pipe-" + i);
                burst.append("GET /api/v1/products/NOPE-").append(i).append(" HTTP/1.1\r\nHost: x\r\n\r\n");
                expected.add("NOPE-" + i);
            }
            final OutputStream out = socket.getOutputStream();
            out.write(burst.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            socket.setSoTimeout(5_000);
            final var in = socket.getInputStream();
            for (int i = 0; i < expected.size(); i++)
            {
                final RawHttp.Response response = RawHttp.read(RawHttp.oneAtATime(in));
                if (i % 2 == 0)
                {
                    assertThat(response.status()).isEqualTo(201);
                    assertThat(response.body()).contains("\"userId\":\"" + expected.get(i) + "\"");
                }
                else
                {
                    assertThat(response.status()).isEqualTo(404);
                }
            }
        }
    }

    /** A refusal decided before routing (a body over 16 KiB) still waits for the answers owed before it. */
    @Test
    void aTooLargeBodyIsAnsweredInItsTurn() throws Exception
    {
        final RawHttp.Response[] answers = reserveThen(
            "POST /api/v1/reservations HTTP/1.1\r\nHost: x\r\nX-User-Id: second\r\nContent-Length: 20000\r\n\r\n" +
            "x".repeat(20_000));
        assertThat(answers[0].status()).isEqualTo(201);
        assertThat(answers[0].body()).contains("\"userId\":\"first\"");
        assertThat(answers[1].status()).isEqualTo(413);
        assertThat(answers[1].body()).contains("PAYLOAD_TOO_LARGE");
    }

    /** The same with {@code Expect: 100-continue}: no early 413 from the aggregator either. */
    @Test
    void anOversizedExpectIsAnsweredInItsTurn() throws Exception
    {
        final RawHttp.Response[] answers = reserveThen(
            "POST /api/v1/reservations HTTP/1.1\r\nHost: x\r\nX-User-Id: second\r\nExpect: 100-continue\r\n" +
            "Content-Length: 100000\r\n\r\n");
        assertThat(answers[0].status()).isEqualTo(201);
        assertThat(answers[1].status()).isEqualTo(413);
        assertThat(answers[1].body()).contains("PAYLOAD_TOO_LARGE");
    }

    /** A reservation by "first" pipelined with {@code then} on one connection: the two answers, in the order read. */
    private RawHttp.Response[] reserveThen(final String then) throws Exception
    {
        try (TestServer api = TestServer.start(dir, Map.of()); Socket socket = new Socket("127.0.0.1", api.server.port()))
        {
            final String reserve = "{\"sku\":\"BIG\",\"quantity\":1}";
            final String burst = "POST /api/v1/reservations HTTP/1.1\r\nHost: x\r\nX-User-Id: first\r\nContent-Length: " +
                reserve.length() + "\r\n\r\n" + reserve + then;
            final OutputStream out = socket.getOutputStream();
            out.write(burst.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            socket.setSoTimeout(5_000);
            final var in = RawHttp.oneAtATime(socket.getInputStream());
            return new RawHttp.Response[]{RawHttp.read(in), RawHttp.read(in)};
        }
    }
}
