package io.flashsale.backstop.event;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class HoldEventJsonTest
{
    @Test
    void shouldWriteMillisecondsEvenAtAWholeSecond() throws Exception
    {
        final long whole = Instant.parse("2026-11-24T10:00:00Z").toEpochMilli();
        final HoldEvent event = new HoldEvent(HoldEventType.HOLD_PLACED, "r-1", "SKU-1", "alice", 1, whole, whole + 120_000, 7);
        final var json = new ObjectMapper().readTree(HoldEventJson.write(event));
        assertThat(json.path("at").asText()).isEqualTo("2026-11-24T10:00:00.000Z");
        assertThat(json.path("expiresAt").asText()).isEqualTo("2026-11-24T10:02:00.000Z");
        assertThat(HoldEventJson.read(HoldEventJson.write(event))).isEqualTo(event);
    }

    @Test
    void shouldKeepMillisecondsAsTheyAre()
    {
        final long at = Instant.parse("2026-11-24T10:00:00.007Z").toEpochMilli();
        assertThat(HoldEventJson.time(at)).isEqualTo("2026-11-24T10:00:00.007Z");
        assertThat(HoldEventJson.time(at + 120)).isEqualTo("2026-11-24T10:00:00.127Z");
    }
}
