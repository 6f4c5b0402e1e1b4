package io.flashsale.engine.shard;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import com.lmax.disruptor.util.DaemonThreadFactory;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No lost wake-up: "event loops" (single-thread executors that declared their burst end) and a plain
 * thread publish in bursts with pauses, so the consumers park again and again; two consumers in a
 * chain share the strategy. Every event must reach the second consumer.
 */
class BurstWakeWaitStrategyTest
{
    private static final class Slot
    {
        long value;
    }

    @Test
    void everyEventReachesTheConsumersWhateverThreadPublishedIt() throws Exception
    {
        final Disruptor<Slot> disruptor = new Disruptor<>(Slot::new, 1 << 10, DaemonThreadFactory.INSTANCE,
            ProducerType.MULTI, new BurstWakeWaitStrategy());
        final AtomicLong first = new AtomicLong();
        final AtomicLong last = new AtomicLong();
        final EventHandler<Slot> counting = (slot, sequence, endOfBatch) -> first.incrementAndGet();
        final EventHandler<Slot> checking = (slot, sequence, endOfBatch) -> last.incrementAndGet();
        disruptor.handleEventsWith(counting).then(checking);
        final RingBuffer<Slot> ring = disruptor.start();

        final int loops = 3;
        final int burstsPerLoop = 2_000;
        final List<ExecutorService> eventLoops = new ArrayList<>();
        final AtomicLong published = new AtomicLong();
        for (int l = 0; l < loops; l++)
        {
            final ExecutorService loop = Executors.newSingleThreadExecutor();
            loop.execute(() -> BurstWakeWaitStrategy.publishInBursts(loop));
            eventLoops.add(loop);
        }
        final Thread plain = new Thread(() ->
        {
            final SplittableRandom random = new SplittableRandom(7);
            for (int i = 0; i < 2_000; i++)
            {
                publish(ring, published, 1 + random.nextInt(3)); // not a loop: wakes at once
                LockSupport.parkNanos(random.nextInt(50_000));
            }
        });
        plain.start();
        for (int b = 0; b < burstsPerLoop; b++)
        {
            for (int l = 0; l < loops; l++)
            {
                final int size = 1 + (b * 7 + l) % 12;
                eventLoops.get(l).execute(() -> publish(ring, published, size));
                if (b % 50 == 0)
                {
                    eventLoops.get(l).execute(() -> LockSupport.parkNanos(200_000)); // a loop busy elsewhere
                }
            }
            if (b % 10 == 0)
            {
                Thread.sleep(0, 100_000); // the consumers catch up and park
            }
        }
        plain.join();
        for (final ExecutorService loop : eventLoops)
        {
            loop.shutdown();
            assertThat(loop.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (last.get() < published.get() && System.nanoTime() < deadline)
        {
            Thread.sleep(1);
        }
        assertThat(first.get()).isEqualTo(published.get());
        assertThat(last.get()).isEqualTo(published.get());
        disruptor.halt();
    }

    private static void publish(final RingBuffer<Slot> ring, final AtomicLong published, final int count)
    {
        for (int i = 0; i < count; i++)
        {
            // as the gateway does: a full ring refuses (503), nothing spins inside a loop's turn, whose
            // owed wake-up runs only once the turn is over
            if (ring.tryPublishEvent((slot, sequence) -> slot.value = sequence))
            {
                published.incrementAndGet();
            }
        }
    }
}
