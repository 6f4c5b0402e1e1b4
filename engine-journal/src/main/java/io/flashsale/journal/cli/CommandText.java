package io.flashsale.journal.cli;

import io.flashsale.engine.command.Command;
import io.flashsale.engine.command.ReservationId;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
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
        switch (command.type)
        {
            case RESERVE ->
            {
                fields.put("sku", sku);
                fields.put("userId", userId(command));
                fields.put("quantity", command.quantity);
                if ((command.idempotencyKeyHigh | command.idempotencyKeyLow) != 0)
                {
                    fields.put("idempotencyKey", String.format("%016x%016x", command.idempotencyKeyHigh, command.idempotencyKeyLow));
                }
            }
            case CONFIRM, CANCEL ->
            {
                fields.put("reservationId", ReservationId.toText(command.reservationId));
                fields.put("userId", userId(command));
            }
            case EXPIRE, READ_RESERVATION -> fields.put("reservationId", ReservationId.toText(command.reservationId));
            case CLOSE_SALE -> fields.put("sku", sku);
            case UPSERT_PRODUCT ->
            {
                fields.put("sku", command.product.sku());
                fields.put("name", command.product.name());
                fields.put("stock", command.product.stock());
                fields.put("perUserLimit", command.product.perUserLimit());
                fields.put("holdSeconds", command.product.holdSeconds());
                fields.put("priceCents", command.product.priceCents());
            }
            case TICK ->
            {
            }
        }
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

    private static String userId(final Command command)
    {
        return new String(command.userId, 0, command.userIdLength, StandardCharsets.US_ASCII);
    }
}
