package io.flashsale.engine.shard;

import io.flashsale.engine.state.EngineListener;
import io.flashsale.engine.state.SkuState;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What readers may see of one shard, kept current by the business-logic thread as the engine's
 * listener: the SKUs it owns (copy-on-write, replaced only when a product is first defined) and each
 * SKU's availability cell (rewritten in place, allocation-free, on every change). Reads never touch
 * the ring.
 */
public final class ShardView implements EngineListener
{
    private final int shard;
    private volatile Map<String, PublishedSku> bySku = Map.of();
    private volatile PublishedSku[] byIndex = new PublishedSku[0];

    public ShardView(final int shard)
    {
        this.shard = shard;
    }

    public int shard()
    {
        return shard;
    }

    /** @return the SKU, or null when this shard does not own it. */
    public PublishedSku find(final String sku)
    {
        return bySku.get(sku);
    }

    public PublishedSku at(final int skuIndex)
    {
        final PublishedSku[] skus = byIndex;
        return skuIndex >= 0 && skuIndex < skus.length ? skus[skuIndex] : null;
    }

    /** In index order (the order products were first defined). */
    public List<PublishedSku> all()
    {
        return Collections.unmodifiableList(Arrays.asList(byIndex));
    }

    @Override
    public void onProductDefined(final SkuState sku)
    {
        final PublishedSku known = at(sku.index());
        if (known != null)
        {
            known.product(sku.product());
            return;
        }
        final PublishedSku added = new PublishedSku(shard, sku.index(), sku.product());
        added.availability().publish(sku);
        final PublishedSku[] grown = Arrays.copyOf(byIndex, sku.index() + 1);
        grown[sku.index()] = added;
        final Map<String, PublishedSku> map = new HashMap<>(bySku);
        map.put(sku.sku(), added);
        byIndex = grown;
        bySku = Map.copyOf(map);
    }

    @Override
    public void onAvailabilityChanged(final SkuState sku)
    {
        final PublishedSku published = at(sku.index());
        if (published != null)
        {
            published.availability().publish(sku);
        }
    }
}
