package io.flashsale.engine.command;

/**
 * A product as the admin API defines it. Carried by UPSERT_PRODUCT (a rare admin command, so an
 * object here costs nothing on the shopper path). Times are epoch milliseconds; a sale with no end
 * has {@code saleEnd == Long.MAX_VALUE}.
 */
public record ProductDefinition(
    String sku,
    String name,
    String description,
    String category,
    long priceCents,
    int stock,
    int perUserLimit,
    int holdSeconds,
    long saleStart,
    long saleEnd)
{
    public static final int DEFAULT_HOLD_SECONDS = 120;
    public static final int MAX_SKU_LENGTH = 64;
    public static final int MAX_NAME_LENGTH = 200;
    public static final int MAX_DESCRIPTION_LENGTH = 4000;
    public static final int MAX_CATEGORY_LENGTH = 100;

    /**
     * @return true when every field is in range: the engine refuses the rest as INVALID_REQUEST. The
     * text limits keep a journaled product well under the journal's 64 KiB record payload.
     */
    public boolean isValid()
    {
        return sku != null && !sku.isEmpty() && sku.length() <= MAX_SKU_LENGTH &&
            name != null && name.length() <= MAX_NAME_LENGTH &&
            description != null && description.length() <= MAX_DESCRIPTION_LENGTH &&
            category != null && category.length() <= MAX_CATEGORY_LENGTH &&
            priceCents >= 0 && stock >= 0 && perUserLimit >= 1 &&
            holdSeconds >= 1 && holdSeconds <= 86_400 &&
            saleStart >= 0 && saleEnd > saleStart;
    }
}
