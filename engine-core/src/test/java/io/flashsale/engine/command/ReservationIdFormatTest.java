package io.flashsale.engine.command;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReservationIdFormatTest
{
    @Test
    void aGroupsIdsNameTheGroupAndRoundTrip()
    {
        final ReservationIdFormat g1 = new ReservationIdFormat("g1");
        final long id = ReservationId.of(3, 42);

        assertThat(g1.toText(id)).isEqualTo("g1-3-42");
        assertThat(g1.parse("g1-3-42")).isEqualTo(id);
        assertThat(ReservationIdFormat.groupOf("g1-3-42")).isEqualTo("g1");
        assertThat(ReservationIdFormat.PLAIN.toText(id)).isEqualTo("3-42");
        assertThat(ReservationIdFormat.groupOf("3-42")).isNull();
    }

    @Test
    void anotherGroupsOrAMalformedIdIsNotAnId()
    {
        final ReservationIdFormat g1 = new ReservationIdFormat("g1");

        assertThat(g1.parse("g2-3-42")).isEqualTo(ReservationId.INVALID);
        assertThat(g1.parse("3-42")).isEqualTo(ReservationId.INVALID);
        assertThat(g1.parse("g1-")).isEqualTo(ReservationId.INVALID);
        assertThat(g1.parse("g1-x-1")).isEqualTo(ReservationId.INVALID);
        assertThat(g1.parse("g13-42")).isEqualTo(ReservationId.INVALID);
        assertThat(ReservationIdFormat.PLAIN.parse("g1-3-42")).isEqualTo(ReservationId.INVALID);
        assertThat(ReservationIdFormat.groupOf("-3-42")).isNull();
    }
}
