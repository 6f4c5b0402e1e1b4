package io.flashsale.engine.timer;

import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HierarchicalTimingWheelTest
{
    private static final long START = 1_764_000_000_000L;

    private final List<Long> fired = new ArrayList<>();
    private final TimerHandler record = (payload, deadline) -> fired.add(payload);

    @Test
    void shouldFireExactlyAtTheDeadlineNotBefore()
    {
        final HierarchicalTimingWheel wheel = new HierarchicalTimingWheel(1, 8, 16, START);
        wheel.schedule(START + 120_000, 7);

        wheel.advanceTo(START + 119_999, record);
        assertThat(fired).isEmpty();
        wheel.advanceTo(START + 120_000, record);
        assertThat(fired).containsExactly(7L);
        assertThat(wheel.timerCount()).isZero();
    }

    @Test
    void shouldFireWithinACoarseTickOnlyThoseAlreadyDue()
    {
        final HierarchicalTimingWheel wheel = new HierarchicalTimingWheel(8, 4, 16, START);
        wheel.schedule(START + 105, 1);
        wheel.schedule(START + 110, 2);

        wheel.advanceTo(START + 107, record);
        assertThat(fired).containsExactly(1L);
        wheel.advanceTo(START + 110, record);
        assertThat(fired).containsExactly(1L, 2L);
    }

    @Test
    void shouldNotFireACancelledTimer()
    {
        final HierarchicalTimingWheel wheel = new HierarchicalTimingWheel(1, 8, 16, START);
        final int keep = wheel.schedule(START + 500, 1);
        final int drop = wheel.schedule(START + 500, 2);

        assertThat(wheel.cancel(drop)).isTrue();
        assertThat(wheel.cancel(drop)).isFalse();
        wheel.advanceTo(START + 1000, record);

        assertThat(fired).containsExactly(1L);
        assertThat(wheel.cancel(keep)).isFalse();
    }

    @Test
    void shouldFireInDeadlineOrderAcrossLevels()
    {
        final HierarchicalTimingWheel wheel = new HierarchicalTimingWheel(1, 4, 4, START);
        final long[] delays = {3, 70_000, 17, 5_000_000_000L, 256, 4096, 65_537, 1};
        for (final long delay : delays)
        {
            wheel.schedule(START + delay, delay);
        }
        for (long t = START; t <= START + 5_000_000_000L; t += 997)
        {
            wheel.advanceTo(t, record);
        }
        wheel.advanceTo(START + 5_000_000_000L, record);

        assertThat(fired).containsExactly(1L, 3L, 17L, 256L, 4096L, 65_537L, 70_000L, 5_000_000_000L);
    }

    @Test
    void shouldFireAMillionTimersOverShortAndLongDelaysEachOnceAndNeverEarly()
    {
        final int timers = 1_000_000;
        final HierarchicalTimingWheel wheel = new HierarchicalTimingWheel(1, 8, 1024, START);
        final SplittableRandom random = new SplittableRandom(42);
        final long[] deadlines = new long[timers];
        final int[] ids = new int[timers];
        for (int i = 0; i < timers; i++)
        {
            final long delay = i % 2 == 0 ? random.nextLong(1, 2_000) : random.nextLong(2_000, 3 * 86_400_000L);
            deadlines[i] = START + delay;
            ids[i] = wheel.schedule(deadlines[i], i);
        }
        final boolean[] cancelled = new boolean[timers];
        for (int i = 0; i < timers; i += 10)
        {
            cancelled[i] = wheel.cancel(ids[i]);
        }
        final int[] firedCount = new int[timers];
        final long[] now = {START};
        final TimerHandler check = (payload, deadline) ->
        {
            assertThat(deadline).isLessThanOrEqualTo(now[0]);
            assertThat(deadline).isEqualTo(deadlines[(int)payload]);
            firedCount[(int)payload]++;
        };
        while (now[0] < START + 3 * 86_400_000L + 1)
        {
            now[0] += now[0] < START + 10_000 ? 7 : 60_013;
            wheel.advanceTo(now[0], check);
        }

        for (int i = 0; i < timers; i++)
        {
            assertThat(firedCount[i]).as("timer %d", i).isEqualTo(cancelled[i] ? 0 : 1);
        }
        assertThat(wheel.timerCount()).isZero();
    }

    @Test
    void shouldRebuildTheSameBucketsFromASnapshot()
    {
        final HierarchicalTimingWheel wheel = new HierarchicalTimingWheel(1, 4, 4, START);
        final SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 200; i++)
        {
            wheel.schedule(START + random.nextLong(1, 1_000_000), i);
        }
        wheel.advanceTo(START + 5_000, record);
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        final int length = wheel.writeTo(buffer, 0);

        final HierarchicalTimingWheel copy = new HierarchicalTimingWheel(1, 4, 1, 0);
        assertThat(copy.readFrom(buffer, 0, (id, payload) -> { })).isEqualTo(length);
        final List<Long> original = new ArrayList<>();
        final List<Long> restored = new ArrayList<>();
        wheel.forEach((bucket, deadline, payload) -> original.add(bucket * 1_000_000_000L + payload));
        copy.forEach((bucket, deadline, payload) -> restored.add(bucket * 1_000_000_000L + payload));
        assertThat(restored).isEqualTo(original);

        final List<Long> firedByCopy = new ArrayList<>();
        wheel.advanceTo(START + 2_000_000, record);
        copy.advanceTo(START + 2_000_000, (payload, deadline) -> firedByCopy.add(payload));
        assertThat(firedByCopy).isEqualTo(fired);
    }

    @Test
    void shouldRejectHandlersThatTouchTheWheel()
    {
        final HierarchicalTimingWheel wheel = new HierarchicalTimingWheel(1, 8, 4, START);
        wheel.schedule(START + 1, 1);

        assertThatThrownBy(() -> wheel.advanceTo(START + 2, (payload, deadline) -> wheel.schedule(START + 9, 2)))
            .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldRefuseATickThatIsNotAPowerOfTwo()
    {
        assertThatThrownBy(() -> new HierarchicalTimingWheel(10, 8, 4, START)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldSkipLongIdleStretchesCheaply()
    {
        final HierarchicalTimingWheel wheel = new HierarchicalTimingWheel(1, 8, 4, START);
        wheel.schedule(START + 365L * 86_400_000L, 1);

        wheel.advanceTo(START + 365L * 86_400_000L, record);

        assertThat(fired).containsExactly(1L);
    }
}
