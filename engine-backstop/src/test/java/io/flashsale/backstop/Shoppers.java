package io.flashsale.backstop;

import io.flashsale.engine.command.ResultCode;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Steady load on an engine from one thread: reserve, and every third hold confirmed, every fifth
 * cancelled, about {@code perSecond} commands a second. Remembers how each hold must end up.
 */
final class Shoppers implements AutoCloseable
{
    final Map<String, String> expected = new ConcurrentHashMap<>();
    final AtomicLong failures = new AtomicLong();
    private final EngineHarness engine;
    private final long pauseNanos;
    private final Thread thread;
    private volatile boolean running = true;

    Shoppers(final EngineHarness engine, final int perSecond)
    {
        this.engine = engine;
        this.pauseNanos = TimeUnit.SECONDS.toNanos(1) / perSecond;
        this.thread = new Thread(this::run, "shoppers");
        this.thread.start();
    }

    private void run()
    {
        long n = 0;
        while (running)
        {
            n++;
            final String user = "u-" + (n % 500);
            final EngineHarness.Answer hold = engine.reserve(n % 2 == 0 ? "SKU-A" : "SKU-B", user, 1);
            if (hold.result() != ResultCode.OK)
            {
                failures.incrementAndGet();
                continue;
            }
            String status = "HELD";
            if (n % 3 == 0)
            {
                status = engine.confirm(hold.reservationId(), user).status().name();
            }
            else if (n % 5 == 0)
            {
                status = engine.cancel(hold.reservationId(), user).status().name();
            }
            expected.put(hold.reservationId(), status);
            LockSupport.parkNanos(pauseNanos);
        }
    }

    long placed()
    {
        return expected.size();
    }

    @Override
    public void close() throws InterruptedException
    {
        running = false;
        thread.join();
    }

    static long outageSeconds()
    {
        return Long.getLong("flashsale.outage.seconds", 30);
    }
}
