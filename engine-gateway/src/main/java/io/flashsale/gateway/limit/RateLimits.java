package io.flashsale.gateway.limit;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.local.SynchronizationStrategy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Token buckets (Bucket4j) per caller, reads and writes apart, under a global budget per gateway.
 * The caller table is bounded: striped LRU maps, so spoofed identities evict each other instead of
 * growing memory. Checked on the event loop before anything is queued.
 */
public final class RateLimits
{
    private static final int STRIPE_BITS = 6;
    private static final int STRIPES = 1 << STRIPE_BITS;
    private static final int CALLERS_PER_STRIPE = 4096;

    /** @param perSecond refill rate  @param burst capacity */
    public record Budget(long perSecond, long burst)
    {
        /** The limit, built once: a flash sale's callers are mostly new, so a bucket is made per request. */
        Bandwidth bandwidth()
        {
            return Bandwidth.builder().capacity(burst).refillGreedy(perSecond, Duration.ofSeconds(1)).build();
        }
    }

    /** Synchronized, not lock-free: the lock-free bucket copies its state on every take (garbage per request). */
    private static Bucket newBucket(final Bandwidth limit)
    {
        return Bucket.builder().addLimit(limit).withSynchronizationStrategy(SynchronizationStrategy.SYNCHRONIZED).build();
    }

    private final Bandwidth read;
    private final Bandwidth write;
    private final Bucket globalReads;
    private final Bucket globalWrites;
    private final CallerBuckets[] readers = new CallerBuckets[STRIPES];
    private final CallerBuckets[] writers = new CallerBuckets[STRIPES];

    public RateLimits(final Budget read, final Budget write, final long globalReadsPerSecond,
        final long globalWritesPerSecond)
    {
        this.read = read.bandwidth();
        this.write = write.bandwidth();
        this.globalReads = newBucket(new Budget(globalReadsPerSecond, globalReadsPerSecond).bandwidth());
        this.globalWrites = newBucket(new Budget(globalWritesPerSecond, globalWritesPerSecond).bandwidth());
        for (int i = 0; i < STRIPES; i++)
        {
            readers[i] = new CallerBuckets();
            writers[i] = new CallerBuckets();
        }
    }

    /**
     * @param caller the identity, else the client address.
     * @return 0 when the request may go on, else the seconds to wait (for Retry-After).
     */
    public long tryAcquire(final String caller, final boolean isWrite)
    {
        // the stripe from the hash's high bits (Fibonacci hashing): the map inside uses its low bits
        final CallerBuckets stripe = (isWrite ? writers : readers)[(caller.hashCode() * 0x9E3779B9) >>> (Integer.SIZE - STRIPE_BITS)];
        final Bucket bucket;
        synchronized (stripe)
        {
            final Bucket known = stripe.get(caller);
            bucket = known != null ? known : newBucket(isWrite ? write : read);
            if (known == null)
            {
                stripe.put(caller, bucket);
            }
        }
        final long callerWait = waitSeconds(bucket.tryConsumeAndReturnRemaining(1));
        if (callerWait > 0)
        {
            return callerWait;
        }
        return waitSeconds((isWrite ? globalWrites : globalReads).tryConsumeAndReturnRemaining(1));
    }

    private static long waitSeconds(final ConsumptionProbe probe)
    {
        return probe.isConsumed() ? 0 : Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
    }

    /** One stripe of the caller table: least recently used callers go first. */
    private static final class CallerBuckets extends LinkedHashMap<String, Bucket>
    {
        CallerBuckets()
        {
            super(256, 0.75f, true);
        }

        @Override
        protected boolean removeEldestEntry(final Map.Entry<String, Bucket> eldest)
        {
            return size() > CALLERS_PER_STRIPE;
        }
    }
}
