package io.flashsale.gateway.search;

import io.flashsale.engine.command.ProductDefinition;
import io.flashsale.engine.shard.PublishedSku;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.ByteBuffersDirectory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Product search on an embedded, in-memory Lucene index over name, description and category: exact
 * words score highest, then prefixes (as the shopper types), then words one or two edits away
 * (typos). The index is rebuilt when a product definition changes (rare: admin updates), which it
 * notices by the identity of the published definitions. OpenSearch would sit behind the same
 * {@link #search} signature when the catalogue outgrows one process.
 */
public final class ProductSearch
{
    /** One hit: the SKU and its score; live availability is added by the caller. */
    public record Hit(String sku, float score)
    {
    }

    public record Result(int total, List<Hit> hits)
    {
    }

    private static final String[] FIELDS = {"name", "category", "description"};
    private static final float[] FIELD_BOOST = {3f, 2f, 1f};

    private final Supplier<List<PublishedSku>> catalogue;
    private final Analyzer analyzer = new StandardAnalyzer();
    private volatile Index index;

    private record Index(Map<ProductDefinition, Boolean> definitions, IndexSearcher searcher, long generation)
    {
    }

    public ProductSearch(final Supplier<List<PublishedSku>> catalogue)
    {
        this.catalogue = catalogue;
    }

    /** @param normalisedQuery lower-case words separated by single spaces. */
    public Result search(final String normalisedQuery, final int limit)
    {
        final IndexSearcher searcher = current().searcher();
        final List<String> words = words(normalisedQuery);
        if (words.isEmpty())
        {
            return new Result(0, List.of());
        }
        final BooleanQuery.Builder query = new BooleanQuery.Builder();
        for (final String word : words)
        {
            for (int f = 0; f < FIELDS.length; f++)
            {
                final Term term = new Term(FIELDS[f], word);
                query.add(boost(new TermQuery(term), 4f * FIELD_BOOST[f]), BooleanClause.Occur.SHOULD);
                query.add(boost(new PrefixQuery(term), 2f * FIELD_BOOST[f]), BooleanClause.Occur.SHOULD);
                if (word.length() >= 4)
                {
                    query.add(boost(new FuzzyQuery(term, word.length() >= 7 ? 2 : 1, 1), FIELD_BOOST[f]),
                        BooleanClause.Occur.SHOULD);
                }
            }
        }
        try
        {
            final TopDocs top = searcher.search(query.build(), limit);
            final List<Hit> hits = new ArrayList<>();
            for (final ScoreDoc doc : top.scoreDocs)
            {
                hits.add(new Hit(searcher.storedFields().document(doc.doc).get("sku"), doc.score));
            }
            return new Result((int)Math.min(Integer.MAX_VALUE, searcher.count(query.build())), hits);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * A hash of every product's searchable text: equal on every gateway with the same catalogue,
     * different as soon as one product changes (what keys the shared cache).
     */
    public long generation()
    {
        return current().generation();
    }

    private static long generationOf(final List<PublishedSku> skus)
    {
        long hash = 17;
        for (final PublishedSku sku : skus)
        {
            final ProductDefinition p = sku.product();
            hash = hash * 31 + io.flashsale.engine.command.KeyHash.hash(p.sku() + '\u0000' + p.name() + '\u0000' +
                p.category() + '\u0000' + p.description());
        }
        return hash;
    }

    /** The query as the cache keys it: trimmed, lower-case, single spaces. */
    public static String normalise(final String query)
    {
        return query.trim().toLowerCase(java.util.Locale.ROOT).replaceAll("\\s+", " ");
    }

    private static Query boost(final Query query, final float boost)
    {
        return new BoostQuery(query, boost);
    }

    private List<String> words(final String text)
    {
        final List<String> words = new ArrayList<>();
        try (TokenStream tokens = analyzer.tokenStream("name", text))
        {
            final CharTermAttribute term = tokens.addAttribute(CharTermAttribute.class);
            tokens.reset();
            while (tokens.incrementToken() && words.size() < 8)
            {
                words.add(term.toString());
            }
            tokens.end();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return words;
    }

    private Index current()
    {
        final List<PublishedSku> skus = catalogue.get();
        final Index known = index;
        return isCurrent(known, skus) ? known : rebuild(skus);
    }

    private static boolean isCurrent(final Index known, final List<PublishedSku> skus)
    {
        return known != null && known.definitions().size() == skus.size() &&
            skus.stream().allMatch(sku -> known.definitions().containsKey(sku.product()));
    }

    /** One rebuild at a time; an event loop that waited here finds the index another one just built. */
    private synchronized Index rebuild(final List<PublishedSku> skus)
    {
        if (isCurrent(index, skus))
        {
            return index;
        }
        final ByteBuffersDirectory directory = new ByteBuffersDirectory();
        final Map<ProductDefinition, Boolean> definitions = new IdentityHashMap<>();
        try (IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig(analyzer)))
        {
            for (final PublishedSku sku : skus)
            {
                final ProductDefinition product = sku.product();
                definitions.put(product, Boolean.TRUE);
                final Document document = new Document();
                document.add(new StringField("sku", product.sku(), Field.Store.YES));
                document.add(new TextField("name", product.name(), Field.Store.NO));
                document.add(new TextField("category", product.category(), Field.Store.NO));
                document.add(new TextField("description", product.description(), Field.Store.NO));
                writer.addDocument(document);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        try
        {
            final Index rebuilt = new Index(definitions, new IndexSearcher(DirectoryReader.open(directory)), generationOf(skus));
            index = rebuilt;
            return rebuilt;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
