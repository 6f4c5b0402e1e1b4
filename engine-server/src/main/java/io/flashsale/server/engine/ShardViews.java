package io.flashsale.server.engine;

import io.flashsale.engine.shard.PublishedSku;
import io.flashsale.engine.shard.ShardRouter;
import io.flashsale.engine.shard.ShardView;
import io.flashsale.gateway.engine.AvailabilitySource;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Products and availability as this process's shards publish them: a primary's logic threads or a
 * replica's followers (the same {@link ShardView}s either way). Reads never touch a ring.
 */
public final class ShardViews implements AvailabilitySource
{
    private final List<ShardView> views;
    private final ShardRouter router;

    public ShardViews(final List<ShardView> views)
    {
        this.views = List.copyOf(views);
        this.router = new ShardRouter(views.size());
    }

    @Override
    public List<PublishedSku> products()
    {
        final List<PublishedSku> all = new ArrayList<>();
        for (final ShardView view : views)
        {
            all.addAll(view.all());
        }
        all.sort(Comparator.comparing(PublishedSku::sku));
        return all;
    }

    @Override
    public PublishedSku find(final String sku)
    {
        return views.get(router.shardOf(sku)).find(sku);
    }
}
