package io.flashsale.backstop.sweep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The sweeper's command on {@code flashsale.commands}: {@code {"type":"EXPIRE","reservationId","sku"}}, key = SKU. */
public final class ExpireCommandJson
{
    private static final ObjectMapper JSON = new ObjectMapper();

    private ExpireCommandJson()
    {
    }

    public static String write(final String reservationId, final String sku)
    {
        return JSON.createObjectNode().put("type", "EXPIRE").put("reservationId", reservationId).put("sku", sku).toString();
    }

    /** @throws IllegalArgumentException when the text is not an expire command. */
    public static String reservationIdOf(final String text)
    {
        try
        {
            final JsonNode node = JSON.readTree(text);
            if (!"EXPIRE".equals(node.path("type").asText()) || !node.path("reservationId").isTextual())
            {
                throw new IllegalArgumentException("not an EXPIRE command with a reservationId");
            }
            return node.get("reservationId").asText();
        }
        catch (final JsonProcessingException ex)
        {
            throw new IllegalArgumentException("not JSON: " + ex.getOriginalMessage(), ex);
        }
    }
}
