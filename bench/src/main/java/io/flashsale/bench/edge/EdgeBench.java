package io.flashsale.bench.edge;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The edge's latency figures, measured from outside over real sockets (scripts/bench.sh edge):
 * <ol>
 *   <li>what an edge adds to a reservation: one shopper at a time, each a new user, straight to the
 *       node and through an edge in alternating blocks, so both see the same box;</li>
 *   <li>a write at edge A until edge B shows it: reserve at A, then read B every 0.1 ms until its
 *       version moves;</li>
 *   <li>SSE fan-out: N open availability streams on edge B, and the delay from a write's answer at A
 *       to the last stream that shows it (streams coalesce to one event per 50 ms: that is in it).</li>
 * </ol>
 * Args: nodeUrl edgeAUrl edgeBUrl sku samples streams
 */
public final class EdgeBench
{
    private static final Pattern VERSION = Pattern.compile("\"version\":(\\d+)");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    private static long users;

    private EdgeBench()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final String node = args[0];
        final String edgeA = args[1];
        final String edgeB = args[2];
        final String sku = args[3];
        final int samples = Integer.parseInt(args[4]);
        final int streams = Integer.parseInt(args[5]);

        for (int i = 0; i < 2_000; i++) // warm both paths (JIT) before anything is counted
        {
            reserve(i % 2 == 0 ? node : edgeA, sku);
        }
        final long[] straight = new long[samples];
        final long[] through = new long[samples];
        for (int block = 0; block < samples; block += 100)
        {
            for (int i = block; i < Math.min(samples, block + 100); i++)
            {
                straight[i] = reserve(node, sku);
            }
            for (int i = block; i < Math.min(samples, block + 100); i++)
            {
                through[i] = reserve(edgeA, sku);
            }
        }
        Arrays.sort(straight);
        Arrays.sort(through);
        System.out.println("| figure (" + samples + " sequential reservations each, new users, alternating blocks of 100) | p50 | p99 |");
        System.out.println("|---|---:|---:|");
        System.out.printf("| straight to the node | %.3f ms | %.3f ms |%n", ms(at(straight, 0.50)), ms(at(straight, 0.99)));
        System.out.printf("| through an edge | %.3f ms | %.3f ms |%n", ms(at(through, 0.50)), ms(at(through, 0.99)));
        System.out.printf("| **added by the edge** | **%.3f ms** | %.3f ms |%n",
            ms(at(through, 0.50) - at(straight, 0.50)), ms(at(through, 0.99) - at(straight, 0.99)));

        final long[] visible = new long[samples];
        for (int i = 0; i < samples; i++)
        {
            final long before = version(edgeB, sku);
            reserve(edgeA, sku);
            final long answered = System.nanoTime();
            while (version(edgeB, sku) <= before)
            {
                java.util.concurrent.locks.LockSupport.parkNanos(100_000); // a read each 0.1 ms: the poller must not starve the feed of CPU
            }
            visible[i] = System.nanoTime() - answered;
        }
        Arrays.sort(visible);
        System.out.println();
        System.out.println("| a write at edge A until edge B shows it (" + samples + " writes, B read every 0.1 ms) | p50 | p99 | max |");
        System.out.println("|---|---:|---:|---:|");
        System.out.printf("| Redis master's feed | %.3f ms | %.3f ms | %.3f ms |%n", ms(at(visible, 0.50)), ms(at(visible, 0.99)),
            ms(visible[visible.length - 1]));

        fanOut(edgeA, edgeB, sku, streams);
    }

    private static void fanOut(final String edgeA, final String edgeB, final String sku, final int streams) throws Exception
    {
        final AtomicLongArray seenVersion = new AtomicLongArray(streams);
        final AtomicLongArray seenAt = new AtomicLongArray(streams);
        final List<CompletableFuture<?>> open = new ArrayList<>();
        final HttpClient streaming = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (int s = 0; s < streams; s++)
        {
            final int stream = s;
            if (s % 50 == 0 && s > 0)
            {
                waitForStreams(seenVersion, s - 50, s); // a batch at a time: a burst of connects overflows the accept queue
            }
            open.add(streaming.sendAsync(HttpRequest.newBuilder(URI.create(edgeB + "/api/v1/products/" + sku + "/availability/stream"))
                .header("X-User-Id", "watcher-" + s).build(), HttpResponse.BodyHandlers.ofLines()).thenAccept(response ->
                response.body().forEach(line ->
                {
                    final Matcher version = VERSION.matcher(line);
                    if (line.startsWith("data:") && version.find())
                    {
                        seenVersion.set(stream, Long.parseLong(version.group(1)));
                        seenAt.set(stream, System.nanoTime());
                    }
                })));
        }
        waitForStreams(seenVersion, Math.max(0, streams - 50), streams);
        int connected = 0;
        for (int s = 0; s < streams; s++)
        {
            connected += seenVersion.get(s) > 0 ? 1 : 0;
        }
        final long[] lastDelay = new long[5];
        for (int round = 0; round < lastDelay.length; round++)
        {
            Thread.sleep(200);
            reserve(edgeA, sku);
            final long answered = System.nanoTime();
            final long target = version(edgeA, sku);
            while (!allAtLeast(seenVersion, target) && System.nanoTime() - answered < 10_000_000_000L)
            {
                Thread.sleep(1);
            }
            long last = 0;
            for (int s = 0; s < streams; s++)
            {
                if (seenVersion.get(s) >= target)
                {
                    last = Math.max(last, seenAt.get(s) - answered);
                }
            }
            lastDelay[round] = last;
        }
        Arrays.sort(lastDelay);
        System.out.println();
        System.out.println("| SSE fan-out on one edge (5 writes at the other edge) | streams open | delay to the last stream: median | max |");
        System.out.println("|---|---:|---:|---:|");
        System.out.printf("| per-SKU availability streams | %d of %d | %.1f ms | %.1f ms |%n", connected, streams,
            ms(lastDelay[2]), ms(lastDelay[4]));
        System.exit(0); // the streams stay open otherwise
    }

    private static void waitForStreams(final AtomicLongArray seenVersion, final int from, final int to) throws InterruptedException
    {
        final long deadline = System.nanoTime() + 5_000_000_000L;
        for (int s = from; s < to && System.nanoTime() < deadline; s++)
        {
            while (seenVersion.get(s) == 0 && System.nanoTime() < deadline)
            {
                Thread.sleep(1);
            }
        }
    }

    /** Every stream that is open has seen at least {@code target}. */
    private static boolean allAtLeast(final AtomicLongArray versions, final long target)
    {
        for (int s = 0; s < versions.length(); s++)
        {
            if (versions.get(s) > 0 && versions.get(s) < target)
            {
                return false;
            }
        }
        return true;
    }

    /** One reservation by a new user; its round trip in nanoseconds. */
    private static long reserve(final String base, final String sku) throws Exception
    {
        final long start = System.nanoTime();
        final HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/reservations"))
            .header("Content-Type", "application/json").header("X-User-Id", "edge-bench-" + ProcessHandle.current().pid() + "-" + users++)
            .POST(HttpRequest.BodyPublishers.ofString("{\"sku\":\"" + sku + "\",\"quantity\":1}")).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201)
        {
            throw new IllegalStateException("reservation answered " + response.statusCode() + ": " + response.body());
        }
        return System.nanoTime() - start;
    }

    private static long version(final String base, final String sku) throws Exception
    {
        final String body = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/products/" + sku + "/availability")).build(),
            HttpResponse.BodyHandlers.ofString()).body();
        final Matcher version = VERSION.matcher(body);
        return version.find() ? Long.parseLong(version.group(1)) : -1;
    }

    private static long at(final long[] sorted, final double quantile)
    {
        return sorted[Math.min(sorted.length - 1, (int)(quantile * sorted.length))];
    }

    private static double ms(final long nanos)
    {
        return nanos / 1e6;
    }
}
