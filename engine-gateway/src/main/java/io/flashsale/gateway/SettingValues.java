package io.flashsale.gateway;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Settings by their FLASHSALE_* names, read the same way by every process that serves HTTP (a node,
 * an edge): the rising priority (defaults, a config file, the environment, flags), the typed reads
 * with an operator's message for a bad value, and the gateway's own settings.
 */
public final class SettingValues
{
    /** What every gateway starts with unless told otherwise. */
    public static final Map<String, String> GATEWAY_DEFAULTS = Map.ofEntries(
        Map.entry("FLASHSALE_HTTP_PORT", "8080"),
        Map.entry("FLASHSALE_HTTP_HOST", "127.0.0.1"),
        Map.entry("FLASHSALE_AUTH_MODE", "dev"),
        Map.entry("FLASHSALE_READS_PER_SECOND", "50"),
        Map.entry("FLASHSALE_READ_BURST", "200"),
        Map.entry("FLASHSALE_WRITES_PER_SECOND", "5"),
        Map.entry("FLASHSALE_WRITE_BURST", "10"),
        Map.entry("FLASHSALE_GLOBAL_READS_PER_SECOND", "500000"),
        Map.entry("FLASHSALE_GLOBAL_WRITES_PER_SECOND", "100000"),
        Map.entry("FLASHSALE_REQUEST_TIMEOUT_MS", "10000"),
        Map.entry("FLASHSALE_IDLE_TIMEOUT_MS", "60000"),
        // the HTTP event loops; 0: one per processor, but one on a node (left to the shard's logic thread)
        Map.entry("FLASHSALE_EVENT_LOOPS", "0"));

    private SettingValues()
    {
    }

    /** Defaults, then {@code file}, then the environment's FLASHSALE_* names, then {@code flags}. */
    public static Map<String, String> merge(final Map<String, String> defaults, final Map<String, String> file,
        final Map<String, String> environment, final Map<String, String> flags)
    {
        final Map<String, String> merged = new HashMap<>(defaults);
        merged.putAll(file);
        environment.forEach((key, value) ->
        {
            if (key.startsWith("FLASHSALE_"))
            {
                merged.put(key, value);
            }
        });
        merged.putAll(flags);
        return merged;
    }

    /** A config file (properties, FLASHSALE_* names), or nothing for null. */
    public static Map<String, String> file(final Path config) throws IOException
    {
        final Map<String, String> file = new HashMap<>();
        if (config != null)
        {
            final Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(config))
            {
                properties.load(reader);
            }
            properties.forEach((key, value) -> file.put(key.toString(), value.toString()));
        }
        return file;
    }

    /** A node's gateway settings: one processor is left to the shard's logic thread. */
    public static GatewaySettings gateway(final Map<String, String> s)
    {
        return gateway(s, 1);
    }

    /**
     * The gateway's settings; every name of {@link #GATEWAY_DEFAULTS} must be present.
     * @param processorsKept processors the default event-loop count leaves to other threads (0 for an edge).
     */
    public static GatewaySettings gateway(final Map<String, String> s, final int processorsKept)
    {
        final GatewaySettings.AuthMode authMode = switch (s.get("FLASHSALE_AUTH_MODE").toLowerCase(Locale.ROOT))
        {
            case "dev" -> GatewaySettings.AuthMode.DEV;
            case "jwt" -> GatewaySettings.AuthMode.JWT;
            default -> throw new IllegalArgumentException("FLASHSALE_AUTH_MODE must be dev or jwt, not " +
                s.get("FLASHSALE_AUTH_MODE"));
        };
        final String jwtSecret = blankToNull(s.get("FLASHSALE_JWT_SECRET"));
        if (authMode == GatewaySettings.AuthMode.JWT && jwtSecret == null)
        {
            throw new IllegalArgumentException("FLASHSALE_JWT_SECRET is required in jwt mode");
        }
        return new GatewaySettings(
            s.get("FLASHSALE_HTTP_HOST"),
            integer(s, "FLASHSALE_HTTP_PORT", 0, 65_535),
            blankToNull(s.get("FLASHSALE_ADMIN_TOKEN")),
            authMode,
            jwtSecret,
            integer(s, "FLASHSALE_READS_PER_SECOND", 1, Integer.MAX_VALUE),
            integer(s, "FLASHSALE_READ_BURST", 1, Integer.MAX_VALUE),
            integer(s, "FLASHSALE_WRITES_PER_SECOND", 1, Integer.MAX_VALUE),
            integer(s, "FLASHSALE_WRITE_BURST", 1, Integer.MAX_VALUE),
            integer(s, "FLASHSALE_GLOBAL_READS_PER_SECOND", 1, Integer.MAX_VALUE),
            integer(s, "FLASHSALE_GLOBAL_WRITES_PER_SECOND", 1, Integer.MAX_VALUE),
            integer(s, "FLASHSALE_REQUEST_TIMEOUT_MS", 10, Integer.MAX_VALUE),
            integer(s, "FLASHSALE_IDLE_TIMEOUT_MS", 10, Integer.MAX_VALUE),
            eventLoops(integer(s, "FLASHSALE_EVENT_LOOPS", 0, 1_024), processorsKept));
    }

    /**
     * The logic thread is the one thread every write waits on; with a loop per processor it shared a
     * core with a loop, and at 25,000 reservations/s on 2 vCPUs the server-side p99 was 1.4-1.75 ms
     * against 0.52-0.70 ms with one loop (docs/PERFORMANCE.md "Event loops").
     */
    private static int eventLoops(final int configured, final int processorsKept)
    {
        return configured != 0 ? configured : Math.max(1, Runtime.getRuntime().availableProcessors() - processorsKept);
    }

    public static int integer(final Map<String, String> settings, final String name, final int min, final int max)
    {
        final String value = settings.get(name);
        try
        {
            final int parsed = Integer.parseInt(value.trim());
            if (parsed < min || parsed > max)
            {
                throw new IllegalArgumentException(name + " must be in " + min + ".." + max + ", not " + value);
            }
            return parsed;
        }
        catch (final NumberFormatException | NullPointerException ex)
        {
            throw new IllegalArgumentException(name + " must be a number, not " + value);
        }
    }

    /** A flag given on the command line (null: not given) goes in under its setting's name. */
    public static void putIfGiven(final Map<String, String> settings, final String name, final String value)
    {
        if (value != null)
        {
            settings.put(name, value);
        }
    }

    public static String blankToNull(final String value)
    {
        return value == null || value.isBlank() ? null : value;
    }
}
