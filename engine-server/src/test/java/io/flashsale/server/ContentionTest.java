package io.flashsale.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** 64 client threads, 2,500 users, stock 500 over HTTP: exactly 500 holds; confirms and cancels keep conservation. */
class ContentionTest
{
    @TempDir
    Path dir;

    @Test
    void exactlyTheStockIsHeldAndConservationHolds() throws Exception
    {
        try (TestServer api = TestServer.start(dir, Map.of()))
        {
            api.put("/admin/v1/products/RUSH", "{\"name\":\"Rush item\",\"priceCents\":100,\"stock\":500,\"perUserLimit\":1}",
                TestServer.admin());
            final ConcurrentLinkedQueue<String[]> holds = new ConcurrentLinkedQueue<>();
            final AtomicInteger soldOut = new AtomicInteger();
            final AtomicInteger other = new AtomicInteger();
            final ExecutorService clients = Executors.newFixedThreadPool(64);
            final List<Future<?>> done = new ArrayList<>();
            for (int user = 0; user < 2_500; user++)
            {
                final String name = "rush-" + user;
                done.add(clients.submit(() ->
                {
                    final TestServer.Reply reply = api.reserve(name, "RUSH", 1);
                    if (reply.status() == 201)
                    {
                        holds.add(new String[]{reply.body().path("reservationId").asText(), name});
                    }
                    else if ("SOLD_OUT".equals(reply.error()))
                    {
                        soldOut.incrementAndGet();
                    }
                    else
                    {
                        other.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (final Future<?> future : done)
            {
                future.get();
            }
            assertThat(holds).hasSize(500);
            assertThat(soldOut.get()).isEqualTo(2_000);
            assertThat(other.get()).isZero();
            assertAvailability(api, 0, 500, 0);

            final List<Future<?>> settled = new ArrayList<>();
            final AtomicInteger confirmed = new AtomicInteger();
            int n = 0;
            for (final String[] hold : holds)
            {
                final boolean confirm = n++ % 3 != 0;
                settled.add(clients.submit(() ->
                {
                    final TestServer.Reply reply = api.post("/api/v1/reservations/" + hold[0] + (confirm ? "/confirm" : "/cancel"),
                        null, "X-User-Id", hold[1]);
                    assertThat(reply.status()).isEqualTo(200);
                    if (confirm)
                    {
                        confirmed.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (final Future<?> future : settled)
            {
                future.get();
            }
            clients.shutdown();
            assertAvailability(api, 500 - confirmed.get(), 0, confirmed.get());
        }
    }

    private static void assertAvailability(final TestServer api, final int available, final int held, final int sold)
        throws Exception
    {
        final var a = api.get("/api/v1/products/RUSH/availability").body();
        assertThat(a.path("available").asInt()).isEqualTo(available);
        assertThat(a.path("held").asInt()).isEqualTo(held);
        assertThat(a.path("sold").asInt()).isEqualTo(sold);
        assertThat(a.path("available").asInt() + a.path("held").asInt() + a.path("sold").asInt()).isEqualTo(a.path("stock").asInt());
    }
}
