package io.flashsale.server;

import io.flashsale.gateway.cluster.ClusterPlacement;
import io.flashsale.gateway.engine.Placement;

import java.util.LinkedHashMap;
import java.util.Map;

/** What a node's /health says of it besides its role: its group in a cluster, and its sale (an edge vouches for Redis copies of that sale only). */
final class NodeDetails
{
    private NodeDetails()
    {
    }

    /** @param saleId the data directory's sale, or null where the node does not know it (a replica). */
    static Map<String, Object> of(final Placement placement, final String saleId)
    {
        final Map<String, Object> details = new LinkedHashMap<>();
        if (placement instanceof ClusterPlacement cluster)
        {
            details.put("group", cluster.group());
        }
        if (saleId != null)
        {
            details.put("sale", saleId);
        }
        return details;
    }
}
