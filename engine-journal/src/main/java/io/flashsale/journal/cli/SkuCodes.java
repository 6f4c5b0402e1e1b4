package io.flashsale.journal.cli;

import io.flashsale.engine.command.Command;
import io.flashsale.engine.command.CommandType;

import java.util.ArrayList;
import java.util.List;

/**
 * SKU codes by shard-local index, learnt from the UPSERT_PRODUCT records as a journal is read: the
 * engine numbers SKUs in the order they are first defined, so the journal alone names them.
 */
final class SkuCodes
{
    private final List<String> codes = new ArrayList<>();
    private final int maxSkus;

    SkuCodes(final int maxSkus)
    {
        this.maxSkus = maxSkus;
    }

    void learn(final Command command)
    {
        if (command.type == CommandType.UPSERT_PRODUCT && command.product != null && command.product.isValid() &&
            !codes.contains(command.product.sku()) && codes.size() < maxSkus)
        {
            codes.add(command.product.sku());
        }
    }

    /** @return the code, or null for an index no product has had. */
    String codeOf(final int skuIndex)
    {
        return skuIndex >= 0 && skuIndex < codes.size() ? codes.get(skuIndex) : null;
    }

    int indexOf(final String code)
    {
        return codes.indexOf(code);
    }
}
