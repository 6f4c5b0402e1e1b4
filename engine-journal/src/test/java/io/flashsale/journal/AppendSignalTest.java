package io.flashsale.journal;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class AppendSignalTest
{
    @Test
    void aParkedTailerIsWokenByTheNextAppendNotByItsTimeout() throws Exception
    {
        final AppendSignal signal = new AppendSignal();
        final CompletableFuture<Long> waited = CompletableFuture.supplyAsync(() ->
        {
            try (AppendSignal.Waiter waiter = signal.waiter())
            {
                final long seen = signal.appends();
                final long start = System.nanoTime();
                while (signal.appends() == seen)
                {
                    waiter.awaitAppendAfter(seen, TimeUnit.SECONDS.toNanos(30));
                }
                return System.nanoTime() - start;
            }
        });
        Thread.sleep(100); // parked by now, most likely; if not, the count is seen before parking
        signal.appended(7);
        assertThat(waited.get(10, TimeUnit.SECONDS)).isLessThan(TimeUnit.SECONDS.toNanos(10));
    }

    @Test
    void anAppendBeforeTheWaitIsNotSleptThrough()
    {
        final AppendSignal signal = new AppendSignal();
        try (AppendSignal.Waiter waiter = signal.waiter())
        {
            final long seen = signal.appends();
            signal.appended(3);
            final long start = System.nanoTime();
            waiter.awaitAppendAfter(seen, TimeUnit.SECONDS.toNanos(30));
            assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(10));
        }
    }

    @Test
    void saysWhenTheDocumentEndingAtAnIndexWasAppendedWhileItIsKept()
    {
        final AppendSignal signal = new AppendSignal();
        final long before = System.nanoTime();
        for (long index = 10; index <= 50_000; index += 10)
        {
            signal.appended(index);
        }
        assertThat(signal.appendedAtNanos(50_000)).isGreaterThanOrEqualTo(before);
        assertThat(signal.appendedAtNanos(49_990)).isLessThanOrEqualTo(signal.appendedAtNanos(50_000));
        assertThat(signal.appendedAtNanos(49_995)).as("no document ends there").isEqualTo(Long.MIN_VALUE);
        assertThat(signal.appendedAtNanos(10)).as("older than the times kept").isEqualTo(Long.MIN_VALUE);
        assertThat(signal.appendedAtNanos(60_000)).as("not appended yet").isEqualTo(Long.MIN_VALUE);
    }
}
