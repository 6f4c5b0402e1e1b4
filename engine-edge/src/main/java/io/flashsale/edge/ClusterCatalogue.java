package io.flashsale.edge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flashsale.engine.command.ProductDefinition;
import io.flashsale.engine.shard.AvailabilityReading;
import io.flashsale.gateway.cluster.ClusterMap;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The products of every group, read from each group's primary ({@code GET /api/v1/products}, which
 * also carries each SKU's availability) on the watch thread: every few looks, at once after an
 * admin change made through this edge, and on every look while the change feed is down (then the
 * listing is what keeps streams and lists fresh).
 */
final class ClusterCatalogue
{
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ClusterMap cluster;
    private final GroupWatch watch;
    private final EdgeAvailability availability;
    private final HttpClient http;
    private final Consumer<String> log;
    private final Set<String> changed = ConcurrentHashMap.newKeySet();
    private final Set<String> foreignReported = ConcurrentHashMap.newKeySet();

    ClusterCatalogue(final ClusterMap cluster, final GroupWatch watch, final EdgeAvailability availability,
        final HttpClient http, final Consumer<String> log)
    {
        this.cluster = cluster;
        this.watch = watch;
        this.availability = availability;
        this.http = http;
        this.log = log;
    }

    /** Any thread: a product of the group changed through this edge; read its listing at the next look. */
    void changed(final String group)
    {
        changed.add(group);
    }

    /** Watch thread: the groups whose products changed, or every group when {@code all}. */
    void refresh(final boolean all, final Duration timeout)
    {
        for (final ClusterMap.Group group : cluster.groups())
        {
            if (all || changed.remove(group.name()))
            {
                read(group, timeout);
            }
        }
    }

    private void read(final ClusterMap.Group group, final Duration timeout)
    {
        final GroupWatch.Primary primary = watch.primaryOf(group.name());
        if (primary == null)
        {
            return; // what the edge has stays; the group's writes are refused meanwhile
        }
        try
        {
            final HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(primary.base() + "/api/v1/products"))
                // a read budget of its own at the node, apart from the shoppers this edge forwards for
                .header("X-Forwarded-For", "edge-catalogue").timeout(timeout).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200)
            {
                return;
            }
            final AvailabilityReading reading = new AvailabilityReading();
            for (final JsonNode product : JSON.readTree(response.body()).path("products"))
            {
                EdgeAvailability.read(product.path("availability"), reading);
                final ProductDefinition definition = definition(product);
                if (!availability.fromGroup(group, primary.sale(), definition, reading) && foreignReported.add(definition.sku()))
                {
                    log.accept("edge: group " + group.name() + " lists " + definition.sku() +
                        ", which the cluster file gives group " + cluster.ownerOf(definition.sku()).name() + ": left out");
                }
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            // a slow or restarting group: the next look asks again
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    static ProductDefinition definition(final JsonNode product)
    {
        final JsonNode end = product.path("saleEnd");
        return new ProductDefinition(product.path("sku").asText(), product.path("name").asText(),
            product.path("description").asText(""), product.path("category").asText(""),
            product.path("priceCents").asLong(), product.path("stock").asInt(), product.path("perUserLimit").asInt(),
            product.path("holdSeconds").asInt(ProductDefinition.DEFAULT_HOLD_SECONDS),
            Instant.parse(product.path("saleStart").asText()).toEpochMilli(),
            end.isNull() || end.isMissingNode() ? Long.MAX_VALUE : Instant.parse(end.asText()).toEpochMilli());
    }
}
