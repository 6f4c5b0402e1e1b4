package io.flashsale.gateway.http;

import io.flashsale.engine.command.ProductDefinition;
import io.flashsale.engine.command.ReservationId;
import io.flashsale.engine.command.ReservationIdFormat;
import io.flashsale.engine.command.ReservationStatus;
import io.flashsale.engine.shard.AvailabilityReading;
import io.flashsale.engine.shard.PublishedSku;

import io.netty.util.concurrent.FastThreadLocal;

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

    /** The answer being written, per thread (an event loop): its array is kept from one answer to the next. */
    private static final FastThreadLocal<StringBuilder> ANSWER = new FastThreadLocal<>()
    {
        @Override
        protected StringBuilder initialValue()
        {
            return new StringBuilder(512);
        }
    };

    /** A reservation as the API shows it, written by hand (the write path's body: no map, no serializer). */
    public static byte[] reservation(final EngineAnswer answer, final ReservationIdFormat ids, final String sku,
        final String userId)
    {
        final String id = ids.toText(answer.reservationId());
        final StringBuilder json = ANSWER.get();
        json.setLength(0);
        json.append("{\"reservationId\":\"").append(id).append("\",\"sku\":");
        text(json, sku).append(",\"userId\":");
        text(json, userId).append(",\"quantity\":").append(answer.quantity()).append(",\"status\":");
        if (answer.status() == null)
        {
            json.append("null");
        }
        else
        {
            json.append('"').append(answer.status().name()).append('"');
        }
        appendTime(json.append(",\"createdAt\":\""), answer.createdAt());
        appendTime(json.append("\",\"expiresAt\":\""), answer.expiresAt()).append("\",\"orderId\":");
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
        return appendTime(new StringBuilder(24), epochMillis).toString();
    }

    /** {@link #time} appended in place (the write path's answer: no String of its own). */
    static StringBuilder appendTime(final StringBuilder json, final long epochMillis)
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
            return json.append(slowTime(epochMillis)); // Instant's signed, wider years
        }
        digits(json, (int)year, 1_000).append('-');
        digits(json, month, 10).append('-');
        digits(json, day, 10).append('T');
        digits(json, millisOfDay / 3_600_000, 10).append(':');
        digits(json, millisOfDay / 60_000 % 60, 10).append(':');
        digits(json, millisOfDay / 1_000 % 60, 10).append('.');
        return digits(json, millisOfDay % 1_000, 100).append('Z');
    }

    /** {@code value}'s digits from the place {@code highest} (1,000 for four digits) down, zero-padded. */
    private static StringBuilder digits(final StringBuilder json, final int value, final int highest)
    {
        for (int place = highest; place > 0; place /= 10)
        {
            json.append((char)('0' + value / place % 10));
        }
        return json;
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
