package io.flashsale.server;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flashsale.engine.command.ProductDefinition;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The catalogue loaded at a data directory's first start: a JSON file
 * ({@code {"products":[{"sku","name","description","category","priceCents","stock","perUserLimit","holdSeconds"}]}})
 * or, by default, the bundled demo catalogue of 100 SKUs. Products without a sale window get one
 * that opens at {@code saleStart} and never ends.
 */
public final class Catalogue
{
    static final String BUNDLED = "/demo-catalogue.json";

    record Entry(String sku, String name, String description, String category, long priceCents, int stock,
        int perUserLimit, Integer holdSeconds, Long saleStart, Long saleEnd)
    {
    }

    record File(List<Entry> products)
    {
    }

    private Catalogue()
    {
    }

    /** @param path a catalogue file, or null for the bundled demo catalogue. */
    public static List<ProductDefinition> load(final Path path, final long saleStart) throws IOException
    {
        try (InputStream in = path == null ? Catalogue.class.getResourceAsStream(BUNDLED) : Files.newInputStream(path))
        {
            if (in == null)
            {
                throw new IOException("bundled catalogue " + BUNDLED + " is missing from the classpath");
            }
            final File file = new ObjectMapper()
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
                .readValue(in, File.class);
            final List<ProductDefinition> products = new ArrayList<>(file.products().size());
            for (final Entry entry : file.products())
            {
                final ProductDefinition product = new ProductDefinition(entry.sku(), entry.name(), entry.description(),
                    entry.category(), entry.priceCents(), entry.stock(), entry.perUserLimit(),
                    entry.holdSeconds() == null ? ProductDefinition.DEFAULT_HOLD_SECONDS : entry.holdSeconds(),
                    entry.saleStart() == null ? saleStart : entry.saleStart(),
                    entry.saleEnd() == null ? Long.MAX_VALUE : entry.saleEnd());
                if (!product.isValid())
                {
                    throw new IOException("invalid product in catalogue: " + entry.sku());
                }
                products.add(product);
            }
            return products;
        }
    }
}
