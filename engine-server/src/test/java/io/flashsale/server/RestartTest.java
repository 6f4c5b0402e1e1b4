package io.flashsale.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server as a process: stopped with SIGTERM (exit 0) and, separately, killed with -9, then
 * started again on the same data directory: the same reservations and the same availability.
 */
class RestartTest
{

    @TempDir
    Path dir;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private int port;

    private Process startServer() throws Exception
    {
        final String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        final List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        // the pom's flags for every JVM the project starts (Chronicle's module flags, analytics off)
        command.addAll(List.of(System.getProperty("flashsale.jvm.flags", "-Dchronicle.analytics.disable=true").trim().split("\\s+")));
        command.add("-Xmx1g");
        command.addAll(List.of("-cp", classpath, NodeMain.class.getName(), "--port", Integer.toString(port),
            "--data-dir", dir.resolve("data").toString(), "--catalogue", dir.resolve("catalogue.json").toString()));
        final Process server = new ProcessBuilder(command).redirectErrorStream(true).start();
        final CountDownLatch ready = new CountDownLatch(1);
        Thread.ofPlatform().daemon().start(() ->
        {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8)))
            {
                String line;
                while ((line = lines.readLine()) != null)
                {
                    if (line.contains("ready: http://"))
                    {
                        ready.countDown();
                    }
                }
            }
            catch (final java.io.IOException ignored)
            {
                // the process ended
            }
        });
        assertThat(ready.await(60, TimeUnit.SECONDS)).as("server ready").isTrue();
        return server;
    }

    private JsonNode call(final String method, final String path, final String body, final String user) throws Exception
    {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (user != null)
        {
            request.header("X-User-Id", user);
        }
        return TestServer.JSON.readTree(client.send(request.build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    /** Reservations by id with their owner, and both SKUs' availability, as the server shows them. */
    private Map<String, String> state(final Map<String, String> owners) throws Exception
    {
        final Map<String, String> state = new LinkedHashMap<>();
        for (final Map.Entry<String, String> hold : owners.entrySet())
        {
            final JsonNode reservation = call("GET", "/api/v1/reservations/" + hold.getKey(), null, hold.getValue());
            state.put(hold.getKey(), reservation.path("status").asText() + "/" + reservation.path("quantity").asInt());
        }
        for (final String sku : new String[]{"ONE", "TWO"})
        {
            final JsonNode a = call("GET", "/api/v1/products/" + sku + "/availability", null, null);
            state.put(sku, a.path("available") + "/" + a.path("held") + "/" + a.path("sold") + "/v" + a.path("version"));
        }
        return state;
    }

    private void shop(final Map<String, String> owners, final String round) throws Exception
    {
        for (int i = 0; i < 6; i++)
        {
            final String user = round + "-user-" + i;
            final JsonNode held = call("POST", "/api/v1/reservations", "{\"sku\":\"" + (i % 2 == 0 ? "ONE" : "TWO") +
                "\",\"quantity\":1}", user);
            final String id = held.path("reservationId").asText();
            owners.put(id, user);
            if (i % 3 == 1)
            {
                call("POST", "/api/v1/reservations/" + id + "/confirm", null, user);
            }
            else if (i % 3 == 2)
            {
                call("POST", "/api/v1/reservations/" + id + "/cancel", null, user);
            }
        }
    }

    @Test
    void aStoppedOrKilledServerComesBackWithTheSameState() throws Exception
    {
        try (ServerSocket probe = new ServerSocket(0))
        {
            port = probe.getLocalPort();
        }
        Files.writeString(dir.resolve("catalogue.json"), """
            {"products":[
             {"sku":"ONE","name":"One","description":"d","category":"c","priceCents":100,"stock":50,"perUserLimit":2},
             {"sku":"TWO","name":"Two","description":"d","category":"c","priceCents":200,"stock":50,"perUserLimit":2}
            ]}""");
        final Map<String, String> owners = new LinkedHashMap<>();

        Process server = startServer();
        shop(owners, "first");
        final Map<String, String> beforeTerm = state(owners);
        server.destroy(); // SIGTERM
        assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(server.exitValue()).as("clean exit on SIGTERM").isZero();

        server = startServer();
        assertThat(state(owners)).isEqualTo(beforeTerm);
        shop(owners, "second");
        final Map<String, String> beforeKill = state(owners);
        new ProcessBuilder("kill", "-9", Long.toString(server.pid())).start().waitFor();
        assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();

        server = startServer();
        try
        {
            assertThat(state(owners)).isEqualTo(beforeKill);
            assertThat(owners).hasSize(12);
        }
        finally
        {
            server.destroy();
            server.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
