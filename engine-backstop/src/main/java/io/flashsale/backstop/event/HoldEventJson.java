package io.flashsale.backstop.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The wire form of a hold event on {@code flashsale.events} (shared/API.md): times as ISO-8601 UTC
 * with milliseconds. {@code expiresAt} is added on HOLD_PLACED, which the sweeper needs.
 */
public final class HoldEventJson
{
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Milliseconds always: {@code Instant.toString()} drops ".000" at a whole second, which the contract does not allow. */
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
        .withZone(ZoneOffset.UTC);

    private HoldEventJson()
    {
    }

    public static String write(final HoldEvent event)
    {
        final ObjectNode node = JSON.createObjectNode()
            .put("type", event.type().name())
            .put("reservationId", event.reservationId())
            .put("sku", event.sku())
            .put("userId", event.userId())
            .put("quantity", event.quantity())
            .put("at", time(event.at()));
        if (event.expiresAt() != 0)
        {
            node.put("expiresAt", time(event.expiresAt()));
        }
        node.put("journalIndex", event.journalIndex());
        return node.toString();
    }

    static String time(final long epochMillis)
    {
        return MILLIS.format(Instant.ofEpochMilli(epochMillis));
    }

    /** @throws IllegalArgumentException when the text is not a hold event. */
    public static HoldEvent read(final String text)
    {
        try
        {
            final JsonNode node = JSON.readTree(text);
            final JsonNode expiresAt = node.path("expiresAt");
            return new HoldEvent(
                HoldEventType.valueOf(required(node, "type").asText()),
                required(node, "reservationId").asText(),
                required(node, "sku").asText(),
                required(node, "userId").asText(),
                required(node, "quantity").asInt(),
                Instant.parse(required(node, "at").asText()).toEpochMilli(),
                expiresAt.isTextual() ? Instant.parse(expiresAt.asText()).toEpochMilli() : 0,
                required(node, "journalIndex").asLong());
        }
        catch (final JsonProcessingException | RuntimeException ex)
        {
            throw new IllegalArgumentException("not a hold event: " + ex.getMessage(), ex);
        }
    }

    private static JsonNode required(final JsonNode node, final String field)
    {
        final JsonNode value = node.get(field);
        if (value == null || value.isNull())
        {
            throw new IllegalArgumentException("field " + field + " missing");
        }
        return value;
    }
}
