package io.flashsale.bench.core;

import io.flashsale.engine.timer.HierarchicalTimingWheel;
import io.flashsale.engine.timer.TimerHandler;
import org.agrona.DeadlineTimerWheel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/**
 * Hold timers as the engine uses them, on our hierarchical wheel and on Agrona's
 * {@link DeadlineTimerWheel} (a single-level hashed wheel, the peer) in the same run. Each
 * operation: cancel the two-minute hold scheduled {@link #LIVE} operations ago (confirmed or
 * cancelled before its time), schedule a new one, every other operation also a 100 ms timer that
 * fires, and every 64 operations advance time by 1 ms and fire what is due.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TimerWheelBenchmark
{
    private static final int LIVE = 1 << 16;
    private static final long HOLD_MILLIS = 120_000;
    private static final long SHORT_MILLIS = 100;

    private long fired;
    private final int[] hierarchicalIds = new int[LIVE];
    private final long[] agronaIds = new long[LIVE];
    private final TimerHandler hierarchicalFired = (payload, deadline) -> fired++;
    private final DeadlineTimerWheel.TimerHandler agronaFired = (unit, now, timerId) ->
    {
        fired++;
        return true;
    };
    private HierarchicalTimingWheel hierarchical;
    private DeadlineTimerWheel agrona;
    private long hierarchicalNow;
    private long agronaNow;
    private long hierarchicalOps;
    private long agronaOps;

    @Setup
    public void setUp()
    {
        hierarchical = new HierarchicalTimingWheel(1, 8, 1 << 17, ReservationMix.START_TIME);
        agrona = new DeadlineTimerWheel(TimeUnit.MILLISECONDS, ReservationMix.START_TIME, 1, 1 << 17, 64);
        hierarchicalNow = ReservationMix.START_TIME;
        agronaNow = ReservationMix.START_TIME;
        for (int i = 0; i < LIVE; i++)
        {
            // spread as in steady state: one millisecond of deadlines per 64 operations
            final long deadline = ReservationMix.START_TIME + HOLD_MILLIS - (LIVE - i) / 64;
            hierarchicalIds[i] = hierarchical.schedule(deadline, i);
            agronaIds[i] = agrona.scheduleTimer(deadline);
        }
    }

    @Benchmark
    public long hierarchicalWheel()
    {
        final long op = hierarchicalOps++;
        final int at = (int)(op & (LIVE - 1));
        hierarchical.cancel(hierarchicalIds[at]);
        hierarchicalIds[at] = hierarchical.schedule(hierarchicalNow + HOLD_MILLIS, at);
        if ((op & 1) == 0)
        {
            hierarchical.schedule(hierarchicalNow + SHORT_MILLIS, -1);
        }
        if ((op & 63) == 0)
        {
            hierarchical.advanceTo(++hierarchicalNow, hierarchicalFired);
        }
        return fired;
    }

    @Benchmark
    public long agronaDeadlineWheel()
    {
        final long op = agronaOps++;
        final int at = (int)(op & (LIVE - 1));
        agrona.cancelTimer(agronaIds[at]);
        agronaIds[at] = agrona.scheduleTimer(agronaNow + HOLD_MILLIS);
        if ((op & 1) == 0)
        {
            agrona.scheduleTimer(agronaNow + SHORT_MILLIS);
        }
        if ((op & 63) == 0)
        {
            agronaNow++;
            while (agronaNow >= agrona.currentTickTime())
            {
                agrona.poll(agronaNow, agronaFired, Integer.MAX_VALUE);
            }
            agrona.poll(agronaNow, agronaFired, Integer.MAX_VALUE);
        }
        return fired;
    }
}
