package io.flashsale.edge;

import io.flashsale.gateway.GatewaySettings;
import io.flashsale.gateway.SettingValues;
import io.flashsale.gateway.cluster.ClusterMap;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * What an edge is started with (shared/API.md "Several machines"): the gateway's settings, the
 * cluster file, the Redis master, and how often it looks at the groups.
 *
 * @param lookMillis        how often every node's /health is asked who is primary, and (every fifth
 *                          look, or every look while the change feed is down) each group's products.
 * @param forwardTimeoutMillis how long a forwarded request may wait for its group's answer.
 */
public record EdgeSettings(GatewaySettings gateway, ClusterMap cluster, String redisUrl, int lookMillis,
    int forwardTimeoutMillis)
{
    /** The gateway's defaults and the edge's own. */
    public static final Map<String, String> DEFAULTS = defaults();

    private static Map<String, String> defaults()
    {
        final Map<String, String> all = new HashMap<>(SettingValues.GATEWAY_DEFAULTS);
        all.put("FLASHSALE_EDGE_LOOK_MS", "200");
        all.put("FLASHSALE_FORWARD_TIMEOUT_MS", "5000");
        return Map.copyOf(all);
    }

    /** @throws IllegalArgumentException with a message for the operator. */
    public static EdgeSettings from(final Map<String, String> s)
    {
        final String cluster = SettingValues.blankToNull(s.get("FLASHSALE_CLUSTER"));
        final String redis = SettingValues.blankToNull(s.get("FLASHSALE_REDIS_URL"));
        if (cluster == null)
        {
            throw new IllegalArgumentException("an edge needs FLASHSALE_CLUSTER (the cluster file)");
        }
        if (redis == null)
        {
            throw new IllegalArgumentException("an edge needs FLASHSALE_REDIS_URL (the Redis master)");
        }
        try
        {
            return new EdgeSettings(SettingValues.gateway(s, 0), ClusterMap.load(Path.of(cluster)), redis,
                SettingValues.integer(s, "FLASHSALE_EDGE_LOOK_MS", 10, 60_000),
                SettingValues.integer(s, "FLASHSALE_FORWARD_TIMEOUT_MS", 10, 600_000));
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("FLASHSALE_CLUSTER: " + ex.getMessage(), ex);
        }
    }
}
