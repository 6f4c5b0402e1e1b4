package io.flashsale.gateway.limit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CallerBucketsTest
{
    private static final long SECOND = 1_000_000_000L;
    private static final long T0 = 5 * SECOND;

    @Test
    void aNewCallerHasItsBurstThenWaitsForTheRefill()
    {
        final CallerBuckets buckets = new CallerBuckets(2, 3, 1 << 10);
        for (int i = 0; i < 3; i++)
        {
            assertThat(buckets.tryTake(42, T0)).isZero();
        }
        assertThat(buckets.tryTake(42, T0)).isEqualTo(1);
        assertThat(buckets.tryTake(42, T0 + SECOND / 2 - 1)).as("half a token short of 1").isEqualTo(1);
        assertThat(buckets.tryTake(42, T0 + SECOND / 2)).isZero();
        assertThat(buckets.tryTake(42, T0 + SECOND / 2)).isEqualTo(1);
        assertThat(buckets.tryTake(7, T0)).as("another caller, its own bucket").isZero();
    }

    @Test
    void aLongPauseFillsTheBucketToItsBurstNotBeyond()
    {
        final CallerBuckets buckets = new CallerBuckets(1_000, 2, 1 << 10);
        buckets.tryTake(9, T0);
        buckets.tryTake(9, T0);
        final long muchLater = T0 + 1_000_000 * SECOND;
        assertThat(buckets.tryTake(9, muchLater)).isZero();
        assertThat(buckets.tryTake(9, muchLater)).isZero();
        assertThat(buckets.tryTake(9, muchLater)).isPositive();
    }

    @Test
    void aSlowRateAnswersTheWholeSecondsToWait()
    {
        final CallerBuckets buckets = new CallerBuckets(1, 1, 1 << 10);
        assertThat(buckets.tryTake(1, T0)).isZero();
        assertThat(buckets.tryTake(1, T0)).isEqualTo(1);
        final CallerBuckets perMinute = new CallerBuckets(1, 1, 1 << 10);
        assertThat(perMinute.tryTake(1, T0)).isZero();
        assertThat(perMinute.tryTake(1, T0 + SECOND / 10)).isEqualTo(1);
    }

    @Test
    void aClockReadBeforeAnotherLoopsTakeGivesNoFreeRefill()
    {
        final CallerBuckets buckets = new CallerBuckets(1, 1, 1 << 10);
        assertThat(buckets.tryTake(3, T0 + SECOND)).isZero();
        assertThat(buckets.tryTake(3, T0)).as("a time before the last take").isEqualTo(1);
    }

    @Test
    void theTableIsBoundedAndForgetsTheCallerTouchedLongestAgo()
    {
        final CallerBuckets buckets = new CallerBuckets(1, 1, 4); // one set of four ways
        for (long caller = 1; caller <= 4; caller++)
        {
            assertThat(buckets.tryTake(caller, T0 + caller)).isZero();
        }
        assertThat(buckets.tryTake(2, T0 + 10)).as("remembered: empty").isEqualTo(1);
        assertThat(buckets.tryTake(5, T0 + 11)).as("a fifth caller takes caller 1's way").isZero();
        assertThat(buckets.tryTake(1, T0 + 12)).as("caller 1 was forgotten: a full bucket again").isZero();
        assertThat(buckets.tryTake(2, T0 + 13)).as("caller 2 was touched more recently than 3 and 4").isEqualTo(1);
    }
}
