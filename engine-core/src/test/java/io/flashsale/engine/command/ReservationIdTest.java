package io.flashsale.engine.command;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReservationIdTest
{
    @Test
    void shouldRoundTripThroughText()
    {
        final long id = ReservationId.of(17, 123_456_789L);

        assertThat(ReservationId.toText(id)).isEqualTo("17-123456789");
        assertThat(ReservationId.parse("17-123456789")).isEqualTo(id);
        assertThat(ReservationId.shardOf(id)).isEqualTo(17);
        assertThat(ReservationId.sequenceOf(id)).isEqualTo(123_456_789L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-", "1-", "-1", "1-0", "256-1", "1--1", "a-1", "1-1a", "1-99999999999999999999",
        "0001-1", "1 -1", "../1", "1-1-1"})
    void shouldRejectTextThatIsNotAnId(final String text)
    {
        assertThat(ReservationId.parse(text)).isEqualTo(ReservationId.INVALID);
    }
}
