package io.flashsale.replica;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.flashsale.engine.shard.AvailabilityCell;
import io.flashsale.engine.shard.AvailabilityReading;
import io.flashsale.gateway.http.JsonViews;
import io.flashsale.journal.DataDirectory;
import io.flashsale.journal.JournalSettings;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * A replica: a {@link ShardReceiver} per shard keeping a journal and an engine in step with the
 * primary's, and a small read-only HTTP face — {@code /health} with role REPLICA and the applied
 * journal index, product availability as the replica has applied it, and 503 NOT_PRIMARY (with
 * Retry-After) for every write. Promotion (lease and epoch in Postgres, DESIGN.md) is not built yet.
 */
public final class ReplicaServer implements AutoCloseable
{
    private final List<ShardReceiver> receivers;
    private final HttpServer http;
    private final ExecutorService handlers;

    private ReplicaServer(final List<ShardReceiver> receivers, final HttpServer http, final ExecutorService handlers)
    {
        this.receivers = receivers;
        this.http = http;
        this.handlers = handlers;
    }

    public static ReplicaServer start(final InetSocketAddress primary, final Path dataDir, final String host, final int port,
        final Consumer<String> log) throws IOException
    {
        final DataDirectory directory = new DataDirectory(dataDir);
        if (!directory.exists())
        {
            copyLayout(primary, directory);
            log.accept("replica: new data directory " + directory.root() + " laid out as the primary's");
        }
        final int shards = directory.layout().shards();
        final ReplicaView view = new ReplicaView(shards);
        final List<ShardReceiver> receivers = new ArrayList<>();
        for (int shard = 0; shard < shards; shard++)
        {
            final ShardReceiver receiver = new ShardReceiver(directory, shard, primary, JournalSettings.defaults(), view, log);
            receivers.add(receiver);
            receiver.start();
        }
        final HttpServer http = HttpServer.create(new InetSocketAddress(host, port), 256);
        final ExecutorService handlers = Executors.newFixedThreadPool(2);
        http.setExecutor(handlers);
        http.createContext("/", exchange -> answer(exchange, view));
        http.start();
        log.accept("replica listening on http://" + host + ":" + http.getAddress().getPort() + "/ (following " + primary + ")");
        return new ReplicaServer(receivers, http, handlers);
    }

    /** The primary's engine.properties, so replays here use the same sizes and shard count. */
    private static void copyLayout(final InetSocketAddress primary, final DataDirectory directory) throws IOException
    {
        try (Socket socket = new Socket())
        {
            socket.connect(primary, 5_000);
            final DataInputStream in = ShardReceiver.ship(socket, 0, Long.MAX_VALUE);
            final byte[] layout = ShardReceiver.frame(in);
            Files.createDirectories(directory.root());
            final Path temporary = directory.root().resolve("engine.properties.tmp");
            Files.write(temporary, layout);
            Files.move(temporary, directory.root().resolve("engine.properties"), StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private static void answer(final HttpExchange exchange, final ReplicaView view) throws IOException
    {
        try (exchange)
        {
            final String method = exchange.getRequestMethod();
            final String path = exchange.getRequestURI().getRawPath();
            if (!method.equals("GET") && !method.equals("HEAD"))
            {
                exchange.getResponseHeaders().set("Retry-After", "1");
                send(exchange, 503, "{\"error\":\"NOT_PRIMARY\",\"message\":\"this is a replica: send writes to the primary\"}");
                return;
            }
            if (path.equals("/health"))
            {
                send(exchange, view.healthy() ? 200 : 503, "{\"status\":\"" + (view.healthy() ? "UP" : "DOWN") +
                    "\",\"role\":\"REPLICA\",\"journalIndex\":" + view.journalIndex() + "}");
                return;
            }
            final String[] parts = path.split("/");
            if (parts.length == 6 && parts[1].equals("api") && parts[2].equals("v1") && parts[3].equals("products") &&
                parts[5].equals("availability"))
            {
                final AvailabilityCell cell = view.availability(parts[4]);
                if (cell != null)
                {
                    final AvailabilityReading reading = new AvailabilityReading();
                    cell.readInto(reading);
                    send(exchange, 200, new String(JsonViews.availabilityJson(parts[4], reading), StandardCharsets.UTF_8));
                    return;
                }
            }
            send(exchange, 404, "{\"error\":\"NOT_FOUND\",\"message\":\"a replica serves /health and product availability\"}");
        }
    }

    private static void send(final HttpExchange exchange, final int status, final String json) throws IOException
    {
        final byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody())
        {
            out.write(body);
        }
    }

    public int port()
    {
        return http.getAddress().getPort();
    }

    @Override
    public void close()
    {
        http.stop(0);
        handlers.shutdownNow();
        receivers.forEach(ShardReceiver::close);
    }
}
