package io.flashsale.server;

import static io.flashsale.gateway.SettingValues.blankToNull;
import static io.flashsale.gateway.SettingValues.integer;

import io.flashsale.backstop.BackstopSettings;
import io.flashsale.engine.state.EngineConfig;
import io.flashsale.gateway.GatewaySettings;
import io.flashsale.gateway.SettingValues;
import io.flashsale.gateway.cluster.ClusterMap;
import io.flashsale.gateway.cluster.ClusterPlacement;
import io.flashsale.gateway.engine.Placement;
import io.flashsale.journal.JournalSettings;
import io.flashsale.replica.lease.PrimaryLease;
import io.flashsale.server.replication.ReplicationSettings;
import io.flashsale.server.replication.SyncReplyGate;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Reads {@link ServerSettings}: built-in defaults, then {@code --config FILE} (Java properties with
 * the environment variables' names, e.g. {@code FLASHSALE_HTTP_PORT=8080}), then the environment,
 * then flags ({@code --port}, {@code --data-dir} ...), each overriding the one before.
 */
public final class SettingsLoader
{
    /** Flag name to setting name; a flag given on the command line wins over everything. */
    @CommandLine.Command(name = "flashsale-server", mixinStandardHelpOptions = true,
        description = "The flash-sale engine's HTTP server.")
    static final class Flags
    {
        @Option(names = "--config", paramLabel = "FILE", description = "settings file (properties, FLASHSALE_* names)")
        Path config;
        @Option(names = "--port", description = "HTTP port (FLASHSALE_HTTP_PORT, 8080)")
        String port;
        @Option(names = "--host", description = "bind address (FLASHSALE_HTTP_HOST, 127.0.0.1)")
        String host;
        @Option(names = "--data-dir", description = "journal and snapshots (FLASHSALE_DATA_DIR, ./data)")
        String dataDir;
        @Option(names = "--catalogue", description = "catalogue loaded at first start (FLASHSALE_CATALOGUE)")
        String catalogue;
        @Option(names = "--admin-token", description = "admin bearer token (FLASHSALE_ADMIN_TOKEN)")
        String adminToken;
        @Option(names = "--auth-mode", description = "dev or jwt (FLASHSALE_AUTH_MODE, dev)")
        String authMode;
        @Option(names = "--jwt-secret", description = "HS256 secret (FLASHSALE_JWT_SECRET)")
        String jwtSecret;
        @Option(names = "--shards", description = "engine shards (FLASHSALE_SHARDS, 1)")
        String shards;
        @Option(names = "--redis-url", description = "Redis master (FLASHSALE_REDIS_URL)")
        String redisUrl;
        @Option(names = "--kafka-bootstrap", description = "Kafka (FLASHSALE_KAFKA_BOOTSTRAP)")
        String kafka;
        @Option(names = "--pg-url", description = "Postgres JDBC URL (FLASHSALE_PG_URL)")
        String pgUrl;

        Map<String, String> asSettings()
        {
            final Map<String, String> settings = new HashMap<>();
            SettingValues.putIfGiven(settings, "FLASHSALE_HTTP_PORT", port);
            SettingValues.putIfGiven(settings, "FLASHSALE_HTTP_HOST", host);
            SettingValues.putIfGiven(settings, "FLASHSALE_DATA_DIR", dataDir);
            SettingValues.putIfGiven(settings, "FLASHSALE_CATALOGUE", catalogue);
            SettingValues.putIfGiven(settings, "FLASHSALE_ADMIN_TOKEN", adminToken);
            SettingValues.putIfGiven(settings, "FLASHSALE_AUTH_MODE", authMode);
            SettingValues.putIfGiven(settings, "FLASHSALE_JWT_SECRET", jwtSecret);
            SettingValues.putIfGiven(settings, "FLASHSALE_SHARDS", shards);
            SettingValues.putIfGiven(settings, "FLASHSALE_REDIS_URL", redisUrl);
            SettingValues.putIfGiven(settings, "FLASHSALE_KAFKA_BOOTSTRAP", kafka);
            SettingValues.putIfGiven(settings, "FLASHSALE_PG_URL", pgUrl);
            return settings;
        }
    }

    private static final Map<String, String> DEFAULTS = withGateway(Map.ofEntries(
        Map.entry("FLASHSALE_DATA_DIR", "./data"),
        Map.entry("FLASHSALE_SHARDS", "1"),
        Map.entry("FLASHSALE_RING_SIZE", "16384"),
        Map.entry("FLASHSALE_WAIT_STRATEGY", "burst-blocking"),
        Map.entry("FLASHSALE_KAFKA_EVENTS_TOPIC", BackstopSettings.EVENTS_TOPIC),
        Map.entry("FLASHSALE_KAFKA_COMMANDS_TOPIC", BackstopSettings.COMMANDS_TOPIC),
        Map.entry("FLASHSALE_KAFKA_PARTITIONS", "8"),
        Map.entry("FLASHSALE_SWEEP_EVERY_MS", "5000"),
        Map.entry("FLASHSALE_SWEEP_GRACE_MS", "10000"),
        Map.entry("FLASHSALE_ENGINE_EXPIRY", "on"),
        Map.entry("FLASHSALE_REPLICATION_PORT", "-1"),
        Map.entry("FLASHSALE_LEASE_TTL_MS", "3000"),
        Map.entry("FLASHSALE_SNAPSHOTS", "auto"),
        Map.entry("FLASHSALE_SYNC_TIMEOUT_MS", "500"),
        Map.entry("FLASHSALE_SYNC_FALLBACK", "refuse"),
        Map.entry("FLASHSALE_EXPECTED_USERS", Integer.toString(EngineConfig.DEFAULT_EXPECTED_USERS))));

    private static Map<String, String> withGateway(final Map<String, String> node)
    {
        final Map<String, String> all = new HashMap<>(SettingValues.GATEWAY_DEFAULTS);
        all.putAll(node);
        return Map.copyOf(all);
    }

    private SettingsLoader()
    {
    }

    /** The built-in defaults, by setting name. */
    public static Map<String, String> defaults()
    {
        return DEFAULTS;
    }

    /**
     * @throws IllegalArgumentException with a message for the operator when a setting is malformed.
     */
    public static ServerSettings load(final Flags flags, final Map<String, String> environment) throws IOException
    {
        final Map<String, String> file = SettingValues.file(flags.config);
        return from(file, environment, flags.asSettings());
    }

    /**
     * The rising priority in one place: defaults, then {@code file}, then the environment's
     * FLASHSALE_* names, then {@code flags}.
     *
     * @throws IllegalArgumentException with a message for the operator when a setting is malformed.
     */
    public static ServerSettings from(final Map<String, String> file, final Map<String, String> environment,
        final Map<String, String> flags)
    {
        final Map<String, String> merged = SettingValues.merge(DEFAULTS, file, environment, flags);
        return from(merged);
    }

    /** Settings from names to values; every setting without a default must be present. */
    public static ServerSettings from(final Map<String, String> s)
    {
        final String catalogue = blankToNull(s.get("FLASHSALE_CATALOGUE"));
        final Placement placement = placement(s);
        final GatewaySettings gateway = SettingValues.gateway(s);
        return new ServerSettings(
            gateway,
            Path.of(s.get("FLASHSALE_DATA_DIR")),
            catalogue == null ? null : Path.of(catalogue),
            integer(s, "FLASHSALE_SHARDS", 1, 256),
            blankToNull(s.get("FLASHSALE_REDIS_URL")),
            backstop(s, placement),
            onOff(s, "FLASHSALE_ENGINE_EXPIRY"),
            integer(s, "FLASHSALE_REPLICATION_PORT", -1, 65_535),
            integer(s, "FLASHSALE_RING_SIZE", 2, 1 << 24),
            s.get("FLASHSALE_WAIT_STRATEGY"),
            snapshotsByFollower(s.get("FLASHSALE_SNAPSHOTS")),
            lease(s, placement),
            replication(s),
            placement,
            integer(s, "FLASHSALE_EXPECTED_USERS", 64, 100_000_000));
    }

    /** FLASHSALE_CLUSTER with FLASHSALE_GROUP: this node's group of a cluster; neither: a node alone. */
    private static Placement placement(final Map<String, String> s)
    {
        final String file = blankToNull(s.get("FLASHSALE_CLUSTER"));
        final String group = blankToNull(s.get("FLASHSALE_GROUP"));
        if (file == null && group == null)
        {
            return Placement.ALONE;
        }
        if (file == null || group == null)
        {
            throw new IllegalArgumentException("a node of a cluster needs both FLASHSALE_CLUSTER and FLASHSALE_GROUP");
        }
        try
        {
            return new ClusterPlacement(ClusterMap.load(Path.of(file)), group);
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("FLASHSALE_CLUSTER: " + ex.getMessage(), ex);
        }
    }

    private static boolean snapshotsByFollower(final String value)
    {
        return switch (value.trim().toLowerCase(Locale.ROOT))
        {
            case "follower" -> true;
            case "logic" -> false;
            case "auto" -> JournalSettings.followerSnapshotsByDefault();
            default -> throw new IllegalArgumentException("FLASHSALE_SNAPSHOTS must be auto, follower or logic, not " + value);
        };
    }

    /** With FLASHSALE_LEASE_PG_URL: the primary lease; FLASHSALE_NODE_ID names this node (default host:data dir). */
    private static PrimaryLease.Settings lease(final Map<String, String> s, final Placement placement)
    {
        final String url = blankToNull(s.get("FLASHSALE_LEASE_PG_URL"));
        if (url == null)
        {
            return null;
        }
        final String node = blankToNull(s.get("FLASHSALE_NODE_ID"));
        return new PrimaryLease.Settings(url, blankToNull(s.get("FLASHSALE_PG_USER")), blankToNull(s.get("FLASHSALE_PG_PASSWORD")),
            // the default names the node by its host and data directory, not its process: a restart after
            // kill -9 takes back its own lease at once instead of waiting for it to lapse
            node != null ? node : hostName() + ":" + Path.of(s.get("FLASHSALE_DATA_DIR")).toAbsolutePath().normalize(),
            integer(s, "FLASHSALE_LEASE_TTL_MS", 300, Integer.MAX_VALUE),
            // groups may share one lease store: each group has a lease of its own
            placement instanceof ClusterPlacement cluster ? cluster.group() : PrimaryLease.Settings.PRIMARY);
    }

    /** FLASHSALE_PEERS, FLASHSALE_REPLICATION_MODE (sync whenever there are peers), the timeout and its fallback. */
    private static ReplicationSettings replication(final Map<String, String> s)
    {
        final String peerList = blankToNull(s.get("FLASHSALE_PEERS"));
        final List<String> peers = peerList == null ? List.of() :
            Arrays.stream(peerList.split(",")).map(String::trim).filter(peer -> !peer.isEmpty()).toList();
        final String mode = blankToNull(s.get("FLASHSALE_REPLICATION_MODE"));
        final boolean sync = switch (mode == null ? (peers.isEmpty() ? "async" : "sync") : mode.trim().toLowerCase(Locale.ROOT))
        {
            case "sync" -> true;
            case "async" -> false;
            default -> throw new IllegalArgumentException("FLASHSALE_REPLICATION_MODE must be sync or async, not " + mode);
        };
        if (sync && integer(s, "FLASHSALE_REPLICATION_PORT", -1, 65_535) < 0)
        {
            throw new IllegalArgumentException("synchronous replication needs FLASHSALE_REPLICATION_PORT (replicas follow this node there)");
        }
        final SyncReplyGate.Fallback fallback = switch (s.get("FLASHSALE_SYNC_FALLBACK").trim().toLowerCase(Locale.ROOT))
        {
            case "refuse" -> SyncReplyGate.Fallback.REFUSE;
            case "alone" -> SyncReplyGate.Fallback.ALONE;
            default -> throw new IllegalArgumentException("FLASHSALE_SYNC_FALLBACK must be refuse or alone, not " +
                s.get("FLASHSALE_SYNC_FALLBACK"));
        };
        return new ReplicationSettings(peers, sync, integer(s, "FLASHSALE_SYNC_TIMEOUT_MS", 1, Integer.MAX_VALUE), fallback);
    }

    private static String hostName()
    {
        try
        {
            return java.net.InetAddress.getLocalHost().getHostName();
        }
        catch (final java.net.UnknownHostException ex)
        {
            return "localhost";
        }
    }

    private static BackstopSettings backstop(final Map<String, String> s, final Placement placement)
    {
        return new BackstopSettings(
            blankToNull(s.get("FLASHSALE_KAFKA_BOOTSTRAP")),
            s.get("FLASHSALE_KAFKA_EVENTS_TOPIC"),
            s.get("FLASHSALE_KAFKA_COMMANDS_TOPIC"),
            integer(s, "FLASHSALE_KAFKA_PARTITIONS", 1, 1024),
            blankToNull(s.get("FLASHSALE_PG_URL")),
            blankToNull(s.get("FLASHSALE_PG_URL_USER") != null ? s.get("FLASHSALE_PG_URL_USER") : s.get("FLASHSALE_PG_USER")),
            blankToNull(s.get("FLASHSALE_PG_URL_PASSWORD") != null ? s.get("FLASHSALE_PG_URL_PASSWORD") : s.get("FLASHSALE_PG_PASSWORD")),
            integer(s, "FLASHSALE_SWEEP_EVERY_MS", 10, Integer.MAX_VALUE),
            integer(s, "FLASHSALE_SWEEP_GRACE_MS", 0, Integer.MAX_VALUE),
            placement.reservationIds());
    }

    private static boolean onOff(final Map<String, String> settings, final String name)
    {
        return switch (settings.get(name).trim().toLowerCase(Locale.ROOT))
        {
            case "on", "true" -> true;
            case "off", "false" -> false;
            default -> throw new IllegalArgumentException(name + " must be on or off, not " + settings.get(name));
        };
    }

}
