package io.flashsale.engine.shard;

import io.flashsale.engine.event.AvailabilityChanged;
import io.flashsale.engine.event.ProductDefined;
import io.flashsale.engine.state.EngineListener;

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
    /** A SKU just defined, not yet visible: it waits for its first availability (logic thread only). */
    private PublishedSku defined;

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
    public void onProductDefined(final ProductDefined event)
    {
        final PublishedSku known = at(event.skuIndex);
        if (known != null)
        {
            known.product(event.product);
            return;
        }
        // its availability follows at once (AvailabilityChanged): readers see the SKU only with it
        defined = new PublishedSku(shard, event.skuIndex, event.product);
    }

    private void makeVisible(final PublishedSku added)
    {
        final PublishedSku[] grown = Arrays.copyOf(byIndex, Math.max(byIndex.length, added.skuIndex() + 1));
        grown[added.skuIndex()] = added;
        final Map<String, PublishedSku> map = new HashMap<>(bySku);
        map.put(added.sku(), added);
        byIndex = grown;
        bySku = Map.copyOf(map);
    }

    @Override
    public void onAvailabilityChanged(final AvailabilityChanged event)
    {
        final PublishedSku added = defined;
        if (added != null && added.skuIndex() == event.skuIndex)
        {
            defined = null;
            added.availability().publish(event);
            makeVisible(added);
            return;
        }
        final PublishedSku published = at(event.skuIndex);
        if (published != null)
        {
            published.availability().publish(event);
        }
    }
}
