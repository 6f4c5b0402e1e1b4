package io.flashsale.gateway.http;

import io.flashsale.engine.command.ProductDefinition;
import io.flashsale.engine.command.ReservationId;
import io.flashsale.engine.command.ReservationIdFormat;
import io.flashsale.engine.command.ReservationStatus;
import io.flashsale.engine.shard.AvailabilityReading;
import io.flashsale.engine.shard.PublishedSku;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The API's JSON shapes (shared/API.md), built from what the engine publishes. */
public final class JsonViews
{
    private JsonViews()
    {
    }

    public static Map<String, Object> availability(final PublishedSku sku)
    {
        return availability(sku.sku(), sku.availability().read());
    }

    public static Map<String, Object> availability(final String sku, final AvailabilityReading reading)
    {
        final Map<String, Object> view = new LinkedHashMap<>();
        view.put("sku", sku);
        view.put("stock", reading.stock);
        view.put("available", reading.available);
        view.put("held", reading.held);
        view.put("sold", reading.sold);
        view.put("state", reading.state.name());
        view.put("version", reading.version);
        return view;
    }

    /** The same object as {@link #availability(String, AvailabilityReading)}, as UTF-8 bytes, without Jackson. */
    public static byte[] availabilityJson(final String sku, final AvailabilityReading reading)
    {
        final StringBuilder json = new StringBuilder(128).append("{\"sku\":\"");
        com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsString(sku, json);
        json.append("\",\"stock\":").append(reading.stock)
            .append(",\"available\":").append(reading.available)
            .append(",\"held\":").append(reading.held)
            .append(",\"sold\":").append(reading.sold)
            .append(",\"state\":\"").append(reading.state.name())
            .append("\",\"version\":").append(reading.version).append('}');
        return json.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    public static Map<String, Object> product(final PublishedSku sku)
    {
        final ProductDefinition product = sku.product();
        final Map<String, Object> view = new LinkedHashMap<>();
        view.put("sku", product.sku());
        view.put("name", product.name());
        view.put("description", product.description());
        view.put("category", product.category());
        view.put("priceCents", product.priceCents());
        view.put("stock", product.stock());
        view.put("perUserLimit", product.perUserLimit());
        view.put("holdSeconds", product.holdSeconds());
        view.put("saleStart", time(product.saleStart()));
        view.put("saleEnd", product.saleEnd() == Long.MAX_VALUE ? null : time(product.saleEnd()));
        view.put("availability", availability(sku));
        return view;
    }

    /** A reservation as the API shows it, written by hand (the write path's body: no map, no serializer). */
    public static byte[] reservation(final EngineAnswer answer, final ReservationIdFormat ids, final String sku,
        final String userId)
    {
        final String id = ids.toText(answer.reservationId());
        final StringBuilder json = new StringBuilder(256).append("{\"reservationId\":\"").append(id).append("\",\"sku\":");
        text(json, sku).append(",\"userId\":");
        text(json, userId).append(",\"quantity\":").append(answer.quantity())
            .append(",\"status\":").append(answer.status() == null ? "null" : "\"" + answer.status().name() + "\"")
            .append(",\"createdAt\":\"").append(time(answer.createdAt()))
            .append("\",\"expiresAt\":\"").append(time(answer.expiresAt())).append("\",\"orderId\":");
        if (answer.status() == ReservationStatus.CONFIRMED)
        {
            json.append('"').append(ReservationId.orderIdOf(id)).append('"');
        }
        else
        {
            json.append("null");
        }
        return json.append('}').toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static StringBuilder text(final StringBuilder json, final String value)
    {
        if (value == null)
        {
            return json.append("null");
        }
        json.append('"');
        com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsString(value, json);
        return json.append('"');
    }

    private static final long MILLIS_PER_DAY = 86_400_000L;

    /**
     * ISO-8601 UTC with milliseconds, e.g. {@code 2026-11-24T10:00:00.000Z}, by arithmetic: a hold's
     * two times fall in different seconds, so a last-second cache missed every other call.
     */
    public static String time(final long epochMillis)
    {
        final long days = Math.floorDiv(epochMillis, MILLIS_PER_DAY);
        final int millisOfDay = (int)Math.floorMod(epochMillis, MILLIS_PER_DAY);
        // civil date from a day count (H. Hinnant's algorithm; a 400-year era of 146,097 days)
        final long shifted = days + 719_468;
        final long era = Math.floorDiv(shifted, 146_097);
        final long dayOfEra = shifted - era * 146_097;
        final long yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        final long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        final long monthFromMarch = (5 * dayOfYear + 2) / 153;
        final int day = (int)(dayOfYear - (153 * monthFromMarch + 2) / 5 + 1);
        final int month = (int)(monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9);
        final long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
        if (year < 0 || year > 9_999)
        {
            return slowTime(epochMillis); // Instant's signed, wider years
        }
        final char[] text = "0000-00-00T00:00:00.000Z".toCharArray();
        digits(text, 0, (int)year, 4);
        digits(text, 5, month, 2);
        digits(text, 8, day, 2);
        digits(text, 11, millisOfDay / 3_600_000, 2);
        digits(text, 14, millisOfDay / 60_000 % 60, 2);
        digits(text, 17, millisOfDay / 1_000 % 60, 2);
        digits(text, 20, millisOfDay % 1_000, 3);
        return new String(text);
    }

    private static void digits(final char[] text, final int at, final int value, final int width)
    {
        int rest = value;
        for (int i = at + width - 1; i >= at; i--)
        {
            text[i] = (char)('0' + rest % 10);
            rest /= 10;
        }
    }

    private static String slowTime(final long epochMillis)
    {
        final String text = Instant.ofEpochMilli(epochMillis).toString();
        // Instant prints no fraction for whole seconds and trims zeros: always show milliseconds
        final int dot = text.indexOf('.');
        if (dot < 0)
        {
            return text.substring(0, text.length() - 1) + ".000Z";
        }
        final String fraction = (text.substring(dot + 1, text.length() - 1) + "000").substring(0, 3);
        return text.substring(0, dot + 1) + fraction + "Z";
    }
}
