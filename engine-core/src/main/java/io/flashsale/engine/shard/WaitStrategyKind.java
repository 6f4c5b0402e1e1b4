package io.flashsale.engine.shard;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;

import java.util.Locale;

/**
 * How a shard's consumers wait for work, each kept for a reason (docs/ARCHITECTURE.md, "Operating
 * modes"): busy-spin and yielding own a core each, right on dedicated cores and wrong on a 2-core
 * box where a third thread steals a spinner's core; sleeping idles cheaply where latency matters
 * less than CPU (a replica, a bench baseline); blocking wakes a consumer per publish; burst-blocking,
 * the server's default, wakes it once per producer burst.
 */
public enum WaitStrategyKind
{
    BUSY_SPIN,
    YIELDING,
    SLEEPING,
    BLOCKING,
    /** Blocking, with a producer's wake-ups put off to the end of its burst: {@link BurstWakeWaitStrategy}. */
    BURST_BLOCKING;

    public WaitStrategy create()
    {
        return switch (this)
        {
            case BUSY_SPIN -> new BusySpinWaitStrategy();
            case YIELDING -> new YieldingWaitStrategy();
            case SLEEPING -> new SleepingWaitStrategy();
            case BLOCKING -> new BlockingWaitStrategy();
            case BURST_BLOCKING -> new BurstWakeWaitStrategy();
        };
    }

    /** Accepts {@code busy-spin}, {@code BUSY_SPIN}, {@code yielding} and so on. */
    public static WaitStrategyKind parse(final String name)
    {
        return valueOf(name.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
