package io.flashsale.gateway.http;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The hand-written time format matches java.time's ISO-8601 with milliseconds, everywhere it is used. */
class JsonViewsTimeTest
{
    private static String expected(final long epochMillis)
    {
        return DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(java.time.ZoneOffset.UTC).format(Instant.ofEpochMilli(epochMillis));
    }

    @Test
    void edgesOfDaysMonthsYearsAndLeapDays()
    {
        final String[] instants = {
            "1970-01-01T00:00:00.000Z", "1969-12-31T23:59:59.999Z", "2000-02-29T12:34:56.789Z", "1900-03-01T00:00:00.001Z",
            "2026-11-24T10:00:00.000Z", "2100-02-28T23:59:59.999Z", "2024-12-31T23:59:59.999Z", "0000-01-01T00:00:00.000Z",
            "9999-12-31T23:59:59.999Z"};
        for (final String text : instants)
        {
            assertThat(JsonViews.time(Instant.parse(text).toEpochMilli())).isEqualTo(text);
        }
    }

    @Test
    void agreesWithJavaTimeOverTenThousandYears()
    {
        final SplittableRandom random = new SplittableRandom(42);
        final long first = Instant.parse("0000-01-01T00:00:00Z").toEpochMilli();
        final long last = Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli();
        for (int i = 0; i < 200_000; i++)
        {
            final long millis = random.nextLong(first, last + 1);
            assertThat(JsonViews.time(millis)).as("%d", millis).isEqualTo(expected(millis));
        }
        final long day = ChronoUnit.DAYS.getDuration().toMillis();
        for (long millis = Instant.parse("1999-12-01T00:00:00Z").toEpochMilli(); millis < Instant.parse("2001-03-05T00:00:00Z").toEpochMilli(); millis += day - 1)
        {
            assertThat(JsonViews.time(millis)).isEqualTo(expected(millis));
        }
    }

    @Test
    void yearsBeyondFourDigitsAreStillTheirInstant()
    {
        final long farFuture = Instant.parse("+12026-01-01T00:00:00Z").toEpochMilli();
        assertThat(Instant.parse(JsonViews.time(farFuture)).toEpochMilli()).isEqualTo(farFuture);
    }
}
