package io.flashsale.gateway.limit;

import io.flashsale.engine.command.KeyHash;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.local.SynchronizationStrategy;

import java.time.Duration;

/**
 * Token buckets per caller, reads and writes apart, under a global budget per gateway (Bucket4j).
 * The caller tables are bounded ({@link CallerBuckets}: primitive, no object per caller), so
 * spoofed identities evict each other instead of growing memory. Checked on the event loop before
 * anything is queued.
 */
public final class RateLimits
{
    /** Callers remembered per table: a crowd of a million arrives before one is forgotten. */
    private static final int CALLERS = 1 << 20;

    /** @param perSecond refill rate  @param burst capacity */
    public record Budget(long perSecond, long burst)
    {
    }

    private final CallerBuckets readers;
    private final CallerBuckets writers;
    private final Bucket globalReads;
    private final Bucket globalWrites;

    public RateLimits(final Budget read, final Budget write, final long globalReadsPerSecond,
        final long globalWritesPerSecond)
    {
        this.readers = new CallerBuckets(read.perSecond(), read.burst(), CALLERS);
        this.writers = new CallerBuckets(write.perSecond(), write.burst(), CALLERS);
        this.globalReads = globalBucket(globalReadsPerSecond);
        this.globalWrites = globalBucket(globalWritesPerSecond);
    }

    /** Synchronized, not lock-free: the lock-free bucket copies its state on every take (garbage per request). */
    private static Bucket globalBucket(final long perSecond)
    {
        return Bucket.builder()
            .addLimit(Bandwidth.builder().capacity(perSecond).refillGreedy(perSecond, Duration.ofSeconds(1)).build())
            .withSynchronizationStrategy(SynchronizationStrategy.SYNCHRONIZED).build();
    }

    /**
     * @param caller the identity, else the client address.
     * @return 0 when the request may go on, else the seconds to wait (for Retry-After).
     */
    public long tryAcquire(final String caller, final boolean isWrite)
    {
        final long callerWait = (isWrite ? writers : readers).tryTake(KeyHash.hash(caller), System.nanoTime());
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
}
