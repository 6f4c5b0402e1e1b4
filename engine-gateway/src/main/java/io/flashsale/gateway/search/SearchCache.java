package io.flashsale.gateway.search;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Search results shared between gateways, keyed by the catalogue's generation (a changed product
 * makes every older entry unreachable). A miss or a failure is an empty answer: the caller searches.
 */
public interface SearchCache
{
    /** Completes on any thread; never exceptionally for a cache that is merely away. */
    CompletableFuture<Optional<ProductSearch.Result>> get(long generation, int limit, String query);

    void put(long generation, int limit, String query, ProductSearch.Result result);
}
