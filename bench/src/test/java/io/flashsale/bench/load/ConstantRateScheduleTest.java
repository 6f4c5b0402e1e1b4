package io.flashsale.bench.load;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConstantRateScheduleTest
{
    private static final long START = 1_000_000_000L;

    @Test
    void connectionsShareTheRateStaggeredByOnePeriodOfTheWholeRun()
    {
        // 1,000 req/s over 4 connections: each sends every 4 ms, one of them every 1 ms in all
        final ConstantRateSchedule first = new ConstantRateSchedule(START, 1_000, 4, 0);
        final ConstantRateSchedule second = new ConstantRateSchedule(START, 1_000, 4, 1);
        final ConstantRateSchedule last = new ConstantRateSchedule(START, 1_000, 4, 3);
        assertThat(first.intendedNanos(0)).isEqualTo(START);
        assertThat(second.intendedNanos(0)).isEqualTo(START + 1_000_000);
        assertThat(last.intendedNanos(0)).isEqualTo(START + 3_000_000);
        assertThat(first.intendedNanos(1)).isEqualTo(START + 4_000_000);
        assertThat(second.intendedNanos(250)).isEqualTo(START + 1_001_000_000);
    }

    @Test
    void theIntendedTimesDoNotDriftOverLongRuns()
    {
        // 3 req/s over 1 connection: 1/3 s periods, rounding must not accumulate
        final ConstantRateSchedule schedule = new ConstantRateSchedule(0, 3, 1, 0);
        assertThat(schedule.intendedNanos(3_000_000)).isEqualTo(1_000_000_000_000_000L);
    }

    @Test
    void countsTheRequestsDueInAWindow()
    {
        final ConstantRateSchedule schedule = new ConstantRateSchedule(START, 1_000, 4, 1);
        assertThat(schedule.requestsBefore(START)).isZero();
        assertThat(schedule.requestsBefore(START + 1_000_000)).isZero();
        assertThat(schedule.requestsBefore(START + 1_000_001)).isEqualTo(1);
        assertThat(schedule.requestsBefore(START + 1_000_000_000)).isEqualTo(250);
    }

    @Test
    void refusesNonsense()
    {
        assertThatThrownBy(() -> new ConstantRateSchedule(0, 0, 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ConstantRateSchedule(0, 10, 2, 2)).isInstanceOf(IllegalArgumentException.class);
    }
}
