package io.flashsale.engine.event;

import io.flashsale.engine.command.ProductDefinition;

/** A product was created or redefined (UPSERT_PRODUCT), or loaded from a snapshot. Reused like the hold events. */
public final class ProductDefined
{
    public int skuIndex;
    /** Immutable: a listener may keep it. */
    public ProductDefinition product;
}
