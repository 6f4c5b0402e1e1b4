package io.flashsale.replica;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.flashsale.engine.shard.AvailabilityCell;
import io.flashsale.engine.shard.AvailabilityReading;
import io.flashsale.gateway.GatewayServer;
import io.flashsale.gateway.SettingsLoader;
import io.flashsale.gateway.http.JsonViews;
import io.flashsale.gateway.lease.PrimaryLease;
import io.flashsale.journal.DataDirectory;
import io.flashsale.journal.JournalQueue;
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
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * A replica: a {@link ShardReceiver} per shard keeping a journal and an engine in step with the
 * primary's (and snapshots of that journal, so a promotion does not replay it from the start), and a small read-only HTTP face — {@code /health} with role REPLICA and the applied
 * journal index, product availability as the replica has applied it, and 503 NOT_PRIMARY (with
 * Retry-After) for every write.
 * <p>
 * With a {@link Promotion}, the replica watches the primary lease in Postgres; when the primary lets
 * it lapse (killed, hung, cut off), the replica takes it with a higher epoch, stops following, and
 * starts a full gateway on its own journal and on the same HTTP address: the new primary. What the
 * old primary acknowledged but had not yet shipped is not here (replication is asynchronous: the
 * window is what the primary wrote in the last moments before it stopped shipping).
 */
public final class ReplicaServer implements AutoCloseable
{
    /**
     * @param gatewaySettings the settings (FLASHSALE_* names) the promoted gateway starts with; its
     *                        lease settings must be there. Data directory, host, port and shard count
     *                        are the replica's own.
     */
    public record Promotion(Map<String, String> gatewaySettings)
    {
        PrimaryLease.Settings lease()
        {
            return SettingsLoader.from(withDefaults(gatewaySettings)).lease();
        }
    }

    private final List<ShardReceiver> receivers;
    private final ReplicaView view;
    private final HttpServer http;
    private final ExecutorService handlers;
    private final Thread watch;
    private volatile boolean closed;
    private volatile GatewayServer promoted;

    private ReplicaServer(final List<ShardReceiver> receivers, final ReplicaView view, final HttpServer http,
        final ExecutorService handlers, final Promotion promotion, final DataDirectory directory, final String host,
        final int port, final Consumer<String> log)
    {
        this.receivers = receivers;
        this.view = view;
        this.http = http;
        this.handlers = handlers;
        this.watch = promotion == null ? null :
            new Thread(() -> watchLease(promotion, directory, host, port, log), "replica-lease-watch");
        if (watch != null)
        {
            watch.setDaemon(true);
            watch.start();
        }
    }

    public static ReplicaServer start(final InetSocketAddress primary, final Path dataDir, final String host, final int port,
        final Consumer<String> log) throws IOException
    {
        return start(primary, dataDir, host, port, null, log);
    }

    /** @param promotion null: never promoted, a read-only follower only */
    public static ReplicaServer start(final InetSocketAddress primary, final Path dataDir, final String host, final int port,
        final Promotion promotion, final Consumer<String> log) throws IOException
    {
        return start(primary, dataDir, host, port, promotion, JournalSettings.defaults(), log);
    }

    /** @param journal how the replica's own journal is kept and snapshotted (tests take snapshots often) */
    static ReplicaServer start(final InetSocketAddress primary, final Path dataDir, final String host, final int port,
        final Promotion promotion, final JournalSettings journal, final Consumer<String> log) throws IOException
    {
        if (promotion != null && promotion.lease() == null)
        {
            throw new IllegalArgumentException("promotion needs the lease settings (FLASHSALE_LEASE_PG_URL)");
        }
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
            final ShardReceiver receiver = new ShardReceiver(directory, shard, primary, journal, view, log);
            receivers.add(receiver);
            receiver.start();
        }
        final HttpServer http = HttpServer.create(new InetSocketAddress(host, port), 256);
        final ExecutorService handlers = Executors.newFixedThreadPool(2);
        http.setExecutor(handlers);
        http.createContext("/", exchange -> answer(exchange, view));
        http.start();
        log.accept("replica listening on http://" + host + ":" + http.getAddress().getPort() + "/ (following " + primary + ")" +
            (promotion == null ? "" : "; takes over when the primary's lease lapses"));
        return new ReplicaServer(receivers, view, http, handlers, promotion, directory, host, http.getAddress().getPort(), log);
    }

    /** Every third of the lease's ttl: has the primary let it lapse? Then take over. */
    private void watchLease(final Promotion promotion, final DataDirectory directory, final String host, final int port,
        final Consumer<String> log)
    {
        final PrimaryLease.Settings lease = promotion.lease();
        final long every = TimeUnit.MILLISECONDS.toNanos(Math.max(1, lease.ttlMillis() / 3));
        String lastFailure = null;
        String lastRefusal = null;
        while (!closed)
        {
            try
            {
                final String unfit = unfitToTakeOver(lease);
                if (unfit == null)
                {
                    final Optional<PrimaryLease> taken = PrimaryLease.takeOver(lease, log);
                    if (taken.isPresent())
                    {
                        promote(taken.get(), promotion, directory, host, port, log);
                        return;
                    }
                }
                else if (!unfit.equals(lastRefusal))
                {
                    final PrimaryLease.Holding now = PrimaryLease.holding(lease);
                    if (now != null && now.lapsed())
                    {
                        log.accept("replica: the primary's lease lapsed but this replica will not take over: " + unfit +
                            "; an operator must decide");
                        lastRefusal = unfit;
                    }
                }
                lastFailure = null;
            }
            catch (final SQLException ex)
            {
                if (!ex.getMessage().equals(lastFailure))
                {
                    log.accept("replica: lease not readable (" + ex.getMessage() + "); watching on");
                }
                lastFailure = ex.getMessage();
            }
            LockSupport.parkNanos(every);
        }
    }

    /**
     * Why this replica must not become the primary now, or null when it may: a shard stopped following
     * (its journal and the primary's disagreed), or the primary has not been heard for longer than the
     * lease's failover takes (two ttls and the heartbeat timeout) — a replica cut off for an hour
     * would otherwise sell again what was sold in that hour.
     */
    private String unfitToTakeOver(final PrimaryLease.Settings lease)
    {
        if (!view.healthy())
        {
            return "a shard stopped following the primary";
        }
        final long allowed = TimeUnit.MILLISECONDS.toNanos(2 * lease.ttlMillis()) + ShardReceiver.SILENCE_NANOS;
        for (final ShardReceiver receiver : receivers)
        {
            final long silent = receiver.silentNanos();
            if (silent > allowed)
            {
                // no duration in the reason: the watch logs a reason once, not every round
                return "shard " + receiver.shard() + " has not heard the primary " +
                    (silent == Long.MAX_VALUE ? "at all" : "for over " + TimeUnit.NANOSECONDS.toMillis(allowed) + " ms");
            }
        }
        return null;
    }

    /** Stops following (each shard's journal ends at a whole document), then serves as the primary. */
    private void promote(final PrimaryLease lease, final Promotion promotion, final DataDirectory directory,
        final String host, final int port, final Consumer<String> log)
    {
        receivers.forEach(ShardReceiver::close);
        http.stop(0);
        handlers.shutdownNow();
        final Map<String, String> settings = withDefaults(promotion.gatewaySettings());
        settings.put("FLASHSALE_DATA_DIR", directory.root().toString());
        settings.put("FLASHSALE_HTTP_HOST", host);
        settings.put("FLASHSALE_HTTP_PORT", Integer.toString(port));
        settings.put("FLASHSALE_SHARDS", Integer.toString(directory.layout().shards()));
        try
        {
            promoted = GatewayServer.start(SettingsLoader.from(settings), lease, log);
            log.accept("replica promoted: primary on http://" + host + ":" + port + "/ with epoch " + lease.epoch());
            if (closed)
            {
                promoted.close();
            }
        }
        catch (final IOException | InterruptedException | RuntimeException ex)
        {
            lease.close();
            log.accept("replica: promotion failed, this node serves nothing: " + ex);
        }
    }

    private static Map<String, String> withDefaults(final Map<String, String> settings)
    {
        final Map<String, String> merged = new HashMap<>(SettingsLoader.defaults());
        merged.putAll(settings);
        return merged;
    }

    /** The gateway this replica became, or null while it follows. */
    public GatewayServer promoted()
    {
        return promoted;
    }

    /** The primary's engine.properties, so replays here use the same sizes and shard count. */
    private static void copyLayout(final InetSocketAddress primary, final DataDirectory directory) throws IOException
    {
        try (Socket socket = new Socket())
        {
            socket.connect(primary, 5_000);
            final DataInputStream in = ShardReceiver.ship(socket, 0, Long.MAX_VALUE, JournalQueue.NO_DOCUMENT);
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
        closed = true;
        if (watch != null)
        {
            LockSupport.unpark(watch);
            try
            {
                watch.join(60_000); // a promotion under way finishes first
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
        final GatewayServer primary = promoted;
        if (primary != null)
        {
            primary.close(); // the follower's parts were closed at the promotion
            return;
        }
        http.stop(0);
        handlers.shutdownNow();
        receivers.forEach(ShardReceiver::close);
    }
}
