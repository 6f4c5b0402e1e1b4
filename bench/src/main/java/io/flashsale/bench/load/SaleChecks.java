package io.flashsale.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The correctness checks after every run, over the public API only: for each SKU touched, nothing
 * oversold and {@code available + held + sold == stock}; every reservation answered 201 can be read
 * back by its owner.
 */
public final class SaleChecks
{
    public record Result(List<String> failures, int skusChecked, long holdsChecked, long holdsMissing)
    {
        public boolean passed()
        {
            return failures.isEmpty();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private SaleChecks()
    {
    }

    public static Result run(final URI base, final List<String> skus, final List<AcceptedHolds.Hold> holds)
        throws Exception
    {
        final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
        final List<String> failures = new ArrayList<>();
        for (final String sku : skus)
        {
            final HttpResponse<String> answer = client.send(HttpRequest.newBuilder(base.resolve(
                "/api/v1/products/" + sku + "/availability")).header("X-User-Id", "checker").build(),
                HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200)
            {
                failures.add(sku + ": availability answered " + answer.statusCode());
                continue;
            }
            final JsonNode a = JSON.readTree(answer.body());
            final long available = a.path("available").asLong();
            final long held = a.path("held").asLong();
            final long sold = a.path("sold").asLong();
            final long stock = a.path("stock").asLong();
            if (available < 0 || held < 0 || sold < 0 || held + sold > stock)
            {
                failures.add(sku + ": oversold (" + a + ")");
            }
            if (available + held + sold != stock)
            {
                failures.add(sku + ": available + held + sold != stock (" + a + ")");
            }
        }
        final AtomicLong missing = new AtomicLong();
        final Semaphore open = new Semaphore(32);
        final List<CompletableFuture<?>> reads = new ArrayList<>();
        for (final AcceptedHolds.Hold hold : holds)
        {
            if (hold.reservationId() == null)
            {
                missing.incrementAndGet();
                continue;
            }
            open.acquire();
            reads.add(client.sendAsync(HttpRequest.newBuilder(base.resolve("/api/v1/reservations/" + hold.reservationId()))
                    .header("X-User-Id", hold.user()).build(), HttpResponse.BodyHandlers.discarding())
                .whenComplete((response, error) ->
                {
                    open.release();
                    if (error != null || response.statusCode() != 200)
                    {
                        missing.incrementAndGet();
                    }
                }));
        }
        CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).exceptionally(ex -> null).join();
        if (missing.get() > 0)
        {
            failures.add(missing.get() + " of " + holds.size() + " reservations answered 201 cannot be read back");
        }
        return new Result(failures, skus.size(), holds.size(), missing.get());
    }
}
