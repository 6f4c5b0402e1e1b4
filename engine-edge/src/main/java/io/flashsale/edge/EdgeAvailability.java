package io.flashsale.edge;

import io.flashsale.engine.command.ProductDefinition;
import io.flashsale.engine.command.SaleState;
import io.flashsale.engine.event.AvailabilityChanged;
import io.flashsale.engine.shard.AvailabilityReading;
import io.flashsale.engine.shard.PublishedSku;
import io.flashsale.gateway.cluster.ClusterMap;
import io.flashsale.gateway.engine.AvailabilitySource;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Every SKU of every group as this edge serves it: the owner's product and an availability cell
 * filled from outside, by the Redis master's change feed, by the groups' own listings and by the
 * answers to forwarded writes. A cell only moves forward: within one sale its version only rises,
 * and a later sale (its id sorts after) replaces an earlier one. Readers (event loops) read cells
 * without a lock as a node's readers do; the few writers take the SKU's monitor, since the cell's
 * sequence lock wants one writer at a time.
 *
 * <p>A copy is vouched for while the change feed is up and the copy is of the sale the group's
 * primary runs now; a read of an unvouched SKU is asked of its group instead
 * ({@link HttpForwarder#readUnvouched}). Lists and streams go on from the cells, which the groups'
 * listings keep within a look of fresh while the feed is down.
 */
final class EdgeAvailability implements AvailabilitySource
{
    private static final com.fasterxml.jackson.databind.ObjectMapper ANSWERS = new com.fasterxml.jackson.databind.ObjectMapper();

    /** One SKU: what the gateway reads, and where its copy came from. */
    static final class EdgeSku
    {
        final PublishedSku published;
        final ClusterMap.Group group;
        private final AvailabilityChanged write = new AvailabilityChanged();
        /** The sale the cell's reading is of ("" before any). Guarded by this. */
        private String sale = "";

        EdgeSku(final PublishedSku published, final ClusterMap.Group group)
        {
            this.published = published;
            this.group = group;
        }

        synchronized boolean offer(final String readingSale, final AvailabilityReading reading)
        {
            final String offered = readingSale == null ? "" : readingSale;
            final int bySale = offered.compareTo(sale);
            if (bySale < 0 || (bySale == 0 && reading.version <= published.availability().version()))
            {
                return false;
            }
            sale = offered;
            write.sku = published.sku();
            write.stock = reading.stock;
            write.available = reading.available;
            write.held = reading.held;
            write.sold = reading.sold;
            write.state = reading.state;
            write.version = reading.version;
            published.availability().publish(write);
            return true;
        }

        synchronized String sale()
        {
            return sale;
        }
    }

    private final ClusterMap cluster;
    private final Function<String, String> groupSale;
    private final Map<String, EdgeSku> bySku = new ConcurrentHashMap<>();
    private volatile List<PublishedSku> ordered = List.of();

    /**
     * @param groupSale a group's sale as its primary says now, or null when it is not known.
     */
    EdgeAvailability(final ClusterMap cluster, final Function<String, String> groupSale)
    {
        this.cluster = cluster;
        this.groupSale = groupSale;
    }

    @Override
    public List<PublishedSku> products()
    {
        return ordered;
    }

    @Override
    public PublishedSku find(final String sku)
    {
        final EdgeSku edgeSku = bySku.get(sku);
        return edgeSku == null ? null : edgeSku.published;
    }

    EdgeSku sku(final String sku)
    {
        return bySku.get(sku);
    }

    List<EdgeSku> all()
    {
        return List.copyOf(bySku.values());
    }

    /**
     * A group's listing: defines new SKUs, replaces changed products, offers the inline availability.
     *
     * @return false when the group listed a SKU the cluster gives another group (left out).
     */
    boolean fromGroup(final ClusterMap.Group group, final String sale, final ProductDefinition product,
        final AvailabilityReading reading)
    {
        if (!cluster.ownerOf(product.sku()).name().equals(group.name()))
        {
            return false;
        }
        EdgeSku edgeSku = bySku.get(product.sku());
        if (edgeSku == null)
        {
            edgeSku = define(group, product);
        }
        else if (!edgeSku.published.product().equals(product))
        {
            edgeSku.published.product(product);
        }
        edgeSku.offer(sale, reading);
        return true;
    }

    /**
     * The change feed's message.
     *
     * @return false for a SKU this edge does not know yet (new at its group: its listing defines it).
     */
    boolean fromFeed(final String sku, final String sale, final AvailabilityReading reading)
    {
        final EdgeSku edgeSku = bySku.get(sku);
        if (edgeSku != null)
        {
            edgeSku.offer(sale, reading);
        }
        return edgeSku != null;
    }

    /** A forwarded write's answer said the SKU's availability after it (the availability JSON). */
    void fromAnswer(final String availabilityJson, final String sale)
    {
        try
        {
            final com.fasterxml.jackson.databind.JsonNode after = ANSWERS.readTree(availabilityJson);
            final AvailabilityReading reading = new AvailabilityReading();
            read(after, reading);
            final EdgeSku edgeSku = bySku.get(after.path("sku").asText());
            if (edgeSku != null)
            {
                edgeSku.offer(sale == null ? edgeSku.sale() : sale, reading);
            }
        }
        catch (final java.io.IOException | IllegalArgumentException ex)
        {
            // not what a node writes: the feed brings the change anyway
        }
    }

    /**
     * The availability JSON (a node's answer, a feed message, a listing's inline copy) into a reading.
     *
     * @throws IllegalArgumentException for a state that is not one.
     */
    static AvailabilityReading read(final com.fasterxml.jackson.databind.JsonNode json, final AvailabilityReading into)
    {
        into.stock = json.path("stock").asInt();
        into.available = json.path("available").asInt();
        into.held = json.path("held").asInt();
        into.sold = json.path("sold").asInt();
        into.version = json.path("version").asLong();
        into.state = SaleState.valueOf(json.path("state").asText());
        return into;
    }

    /** Whether the SKU's copy may be served as it is (see the class comment), the change feed being up or not. */
    boolean vouched(final String sku, final boolean feedUp)
    {
        final EdgeSku edgeSku = bySku.get(sku);
        if (edgeSku == null)
        {
            return false;
        }
        if (!feedUp)
        {
            return false;
        }
        final String running = groupSale.apply(edgeSku.group.name());
        return running == null || running.equals(edgeSku.sale());
    }

    /** Vouched, on sale and none left: a reservation can be refused SOLD_OUT without asking the group. */
    boolean soldOut(final String sku, final boolean feedUp, final AvailabilityReading into)
    {
        final PublishedSku published = find(sku);
        if (published == null || !vouched(sku, feedUp))
        {
            return false;
        }
        published.availability().readInto(into);
        return into.state == SaleState.OPEN && into.available == 0;
    }

    private synchronized EdgeSku define(final ClusterMap.Group group, final ProductDefinition product)
    {
        final EdgeSku existing = bySku.get(product.sku());
        if (existing != null)
        {
            return existing;
        }
        final EdgeSku edgeSku = new EdgeSku(PublishedSku.elsewhere(cluster.groups().indexOf(group), bySku.size(), product), group);
        bySku.put(product.sku(), edgeSku);
        final List<PublishedSku> next = new ArrayList<>(ordered);
        next.add(edgeSku.published);
        next.sort(Comparator.comparing(PublishedSku::sku));
        ordered = List.copyOf(next);
        return edgeSku;
    }
}
