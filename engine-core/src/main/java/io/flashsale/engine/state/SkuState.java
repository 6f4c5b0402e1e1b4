package io.flashsale.engine.state;

import io.flashsale.engine.command.ProductDefinition;
import io.flashsale.engine.command.SaleState;

/**
 * One SKU's stock as the business-logic thread sees it. Invariant after every command:
 * {@code available + held + sold == stock}. Only the engine (this package) changes it; listeners on
 * the logic thread may read it.
 */
public final class SkuState
{
    private final int index;
    private ProductDefinition product;
    private int stock;
    private int available;
    private int held;
    private int sold;
    /** Rises on every change of this SKU: counts, product, sale state. */
    private long version;
    private boolean closed;
    /** The sale state as of the last change, so a crossing of saleStart/saleEnd bumps the version. */
    private SaleState saleState;

    SkuState(final int index, final ProductDefinition product, final long now)
    {
        this.index = index;
        this.product = product;
        this.stock = product.stock();
        this.available = product.stock();
        this.saleState = stateAt(now);
        this.version = 1;
    }

    public int index()
    {
        return index;
    }

    public ProductDefinition product()
    {
        return product;
    }

    public String sku()
    {
        return product.sku();
    }

    public int stock()
    {
        return stock;
    }

    public int available()
    {
        return available;
    }

    public int held()
    {
        return held;
    }

    public int sold()
    {
        return sold;
    }

    public long version()
    {
        return version;
    }

    public boolean closed()
    {
        return closed;
    }

    public SaleState saleState()
    {
        return saleState;
    }

    public int perUserLimit()
    {
        return product.perUserLimit();
    }

    public long holdMillis()
    {
        return product.holdSeconds() * 1000L;
    }

    SaleState stateAt(final long now)
    {
        if (closed || now >= product.saleEnd())
        {
            return SaleState.CLOSED;
        }
        return now < product.saleStart() ? SaleState.UPCOMING : SaleState.OPEN;
    }

    /** @return the next saleStart/saleEnd edge after {@code now}, or Long.MAX_VALUE when none. */
    long nextEdgeAfter(final long now)
    {
        if (closed)
        {
            return Long.MAX_VALUE;
        }
        if (now < product.saleStart())
        {
            return product.saleStart();
        }
        return now < product.saleEnd() ? product.saleEnd() : Long.MAX_VALUE;
    }

    /** @return true when the sale state changed (and the version rose). */
    boolean refreshSaleState(final long now)
    {
        final SaleState current = stateAt(now);
        if (current == saleState)
        {
            return false;
        }
        saleState = current;
        version++;
        return true;
    }

    void hold(final int quantity)
    {
        available -= quantity;
        held += quantity;
        version++;
    }

    void sell(final int quantity)
    {
        held -= quantity;
        sold += quantity;
        version++;
    }

    void release(final int quantity)
    {
        held -= quantity;
        available += quantity;
        version++;
    }

    void close(final long now)
    {
        closed = true;
        saleState = stateAt(now);
        version++;
    }

    /** Caller has checked {@code product.stock() >= held + sold}. */
    void redefine(final ProductDefinition newProduct, final long now)
    {
        product = newProduct;
        stock = newProduct.stock();
        available = stock - held - sold;
        saleState = stateAt(now);
        version++;
    }

    void hashInto(final StateHash hash)
    {
        final ProductDefinition p = product;
        hash.add(index).add(p.sku()).add(p.name()).add(p.description()).add(p.category())
            .add(p.priceCents()).add(p.stock()).add(p.perUserLimit()).add(p.holdSeconds())
            .add(p.saleStart()).add(p.saleEnd())
            .add(stock).add(available).add(held).add(sold).add(version).add(closed ? 1 : 0).add(saleState.ordinal());
    }

    void writeTo(final SnapshotOut out)
    {
        final ProductDefinition p = product;
        out.putString(p.sku()).putString(p.name()).putString(p.description()).putString(p.category())
            .putLong(p.priceCents()).putInt(p.stock()).putInt(p.perUserLimit()).putInt(p.holdSeconds())
            .putLong(p.saleStart()).putLong(p.saleEnd())
            .putInt(available).putInt(held).putInt(sold).putLong(version)
            .putByte(closed ? 1 : 0).putByte(saleState.ordinal());
    }

    static SkuState readFrom(final int index, final SnapshotIn in)
    {
        final ProductDefinition product = new ProductDefinition(
            in.getString(), in.getString(), in.getString(), in.getString(),
            in.getLong(), in.getInt(), in.getInt(), in.getInt(), in.getLong(), in.getLong());
        if (!product.isValid())
        {
            throw new CorruptSnapshotException("invalid product in snapshot: " + product.sku());
        }
        final SkuState sku = new SkuState(index, product, 0);
        sku.available = in.getInt();
        sku.held = in.getInt();
        sku.sold = in.getInt();
        sku.version = in.getLong();
        sku.closed = in.getByte() != 0;
        final int state = in.getByte();
        if (state < 0 || state >= SaleState.values().length ||
            sku.available < 0 || sku.held < 0 || sku.sold < 0 ||
            (long)sku.available + sku.held + sku.sold != sku.stock)
        {
            throw new CorruptSnapshotException("SKU counts do not add up in snapshot: " + product.sku());
        }
        sku.saleState = SaleState.values()[state];
        return sku;
    }
}
