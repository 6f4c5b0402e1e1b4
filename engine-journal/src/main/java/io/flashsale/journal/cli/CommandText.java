package io.flashsale.journal.cli;

import io.flashsale.engine.command.Command;
import io.flashsale.engine.command.ProductDefinition;
import io.flashsale.engine.command.ReservationId;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A journaled command as an operator reads it: its fields by name, for text or JSON lines. */
final class CommandText
{
    private CommandText()
    {
    }

    static Map<String, Object> fields(final int shard, final long index, final Command command, final String sku)
    {
        final Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("index", index);
        fields.put("shard", shard);
        fields.put("type", command.type.name());
        fields.put("time", Instant.ofEpochMilli(command.timestamp).toString());
        // an expression, not a statement: a new CommandType does not compile until it says what to show
        fields.putAll(switch (command.type)
        {
            case RESERVE -> reserve(command, sku);
            case CONFIRM, CANCEL -> byOwner(command);
            case EXPIRE, READ_RESERVATION -> Collections.singletonMap("reservationId", ReservationId.toText(command.reservationId));
            case CLOSE_SALE -> Collections.singletonMap("sku", sku);
            case UPSERT_PRODUCT -> product(command.product);
            case TICK -> Map.of();
        });
        return fields;
    }

    static String text(final Map<String, Object> fields)
    {
        final StringBuilder line = new StringBuilder();
        fields.forEach((name, value) ->
        {
            if (!line.isEmpty())
            {
                line.append(' ');
            }
            line.append(name).append('=').append(value);
        });
        return line.toString();
    }

    private static Map<String, Object> reserve(final Command command, final String sku)
    {
        final Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("sku", sku);
        fields.put("userId", userId(command));
        fields.put("quantity", command.quantity);
        if ((command.idempotencyKeyHigh | command.idempotencyKeyLow) != 0)
        {
            fields.put("idempotencyKey", String.format("%016x%016x", command.idempotencyKeyHigh, command.idempotencyKeyLow));
        }
        return fields;
    }

    private static Map<String, Object> byOwner(final Command command)
    {
        final Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("reservationId", ReservationId.toText(command.reservationId));
        fields.put("userId", userId(command));
        return fields;
    }

    private static Map<String, Object> product(final ProductDefinition product)
    {
        final Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("sku", product.sku());
        fields.put("name", product.name());
        fields.put("stock", product.stock());
        fields.put("perUserLimit", product.perUserLimit());
        fields.put("holdSeconds", product.holdSeconds());
        fields.put("priceCents", product.priceCents());
        return fields;
    }

    private static String userId(final Command command)
    {
        return new String(command.userId, 0, command.userIdLength, StandardCharsets.US_ASCII);
    }
}
