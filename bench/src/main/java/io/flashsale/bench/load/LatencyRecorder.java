package io.flashsale.bench.load;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Latency per operation (HdrHistogram, microseconds, 3 significant digits, up to a minute) and
 * answers per operation and status, recorded from many event-loop threads. Intervals can be taken
 * for progress lines; {@link #total} accumulates them.
 */
public final class LatencyRecorder
{
    private static final long HIGHEST_MICROS = 60_000_000L;

    private final Map<String, Recorder> recorders = new ConcurrentHashMap<>();
    private final Map<String, Histogram> totals = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> statuses = new ConcurrentHashMap<>();

    /** @param status the HTTP status, or 0 for a request that got no answer (connection lost, run ended). */
    public void record(final String operation, final long latencyNanos, final int status)
    {
        recorders.computeIfAbsent(operation, op -> new Recorder(HIGHEST_MICROS, 3))
            .recordValue(Math.min(HIGHEST_MICROS, Math.max(0, latencyNanos / 1_000)));
        statuses.computeIfAbsent(operation + " " + status, key -> new LongAdder()).increment();
    }

    /** Takes what was recorded since the last call, adds it to the totals and returns it per operation. */
    public synchronized Map<String, Histogram> interval()
    {
        final Map<String, Histogram> interval = new TreeMap<>();
        recorders.forEach((operation, recorder) ->
        {
            final Histogram histogram = recorder.getIntervalHistogram();
            interval.put(operation, histogram);
            totals.computeIfAbsent(operation, op -> new Histogram(HIGHEST_MICROS, 3)).add(histogram);
        });
        return interval;
    }

    /** Everything recorded so far, per operation. */
    public synchronized Map<String, Histogram> total()
    {
        interval();
        return new TreeMap<>(totals);
    }

    /** Answers counted by "operation status". */
    public Map<String, Long> statuses()
    {
        final Map<String, Long> counts = new TreeMap<>();
        statuses.forEach((key, adder) -> counts.put(key, adder.sum()));
        return counts;
    }
}
