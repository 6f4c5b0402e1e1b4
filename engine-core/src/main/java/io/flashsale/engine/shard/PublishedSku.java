package io.flashsale.engine.shard;

import io.flashsale.engine.command.ProductDefinition;

/**
 * A SKU as readers on any thread see it: where it lives (shard and index, what a command needs),
 * its product (replaced by the logic thread on upsert) and its live availability.
 */
public final class PublishedSku
{
    private final int shard;
    private final int skuIndex;
    private final AvailabilityCell availability = new AvailabilityCell();
    private volatile ProductDefinition product;

    PublishedSku(final int shard, final int skuIndex, final ProductDefinition product)
    {
        this.shard = shard;
        this.skuIndex = skuIndex;
        this.product = product;
    }

    public String sku()
    {
        return product.sku();
    }

    public int shard()
    {
        return shard;
    }

    public int skuIndex()
    {
        return skuIndex;
    }

    public ProductDefinition product()
    {
        return product;
    }

    public AvailabilityCell availability()
    {
        return availability;
    }

    /**
     * A SKU served by a process with no engine of its own (an edge): the owner's product and an
     * availability cell the process fills from elsewhere.
     */
    public static PublishedSku elsewhere(final int shard, final int skuIndex, final ProductDefinition product)
    {
        return new PublishedSku(shard, skuIndex, product);
    }

    /** The logic thread on upsert; an edge when the owner's product changed. */
    public void product(final ProductDefinition newProduct)
    {
        product = newProduct;
    }
}
