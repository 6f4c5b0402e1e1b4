package io.flashsale.gateway.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.util.concurrent.FastThreadLocal;

import java.io.IOException;
import java.util.Iterator;
import java.util.Set;

/**
 * Strict reading of request bodies: one JSON object, no duplicate or unknown fields, no trailing
 * bytes, valid UTF-8, every field of the right type and range. Anything else is a 400.
 */
public final class RequestBodies
{
    public static final int MAX_QUANTITY = 1_000;
    private static final ObjectMapper STRICT = JsonMapper.builder()
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .disable(JsonParser.Feature.ALLOW_COMMENTS)
        .build();
    /** The reserve body's parser: the same rules, its two fields checked for repeats by hand. */
    private static final JsonFactory RESERVE = STRICT.getFactory().rebuild()
        .disable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    /** A copy of a direct body, per thread (an event loop): bodies are at most {@link BodyLimit#MAX_BODY}. */
    private static final FastThreadLocal<byte[]> SCRATCH = new FastThreadLocal<>()
    {
        @Override
        protected byte[] initialValue()
        {
            return new byte[BodyLimit.MAX_BODY];
        }
    };

    private RequestBodies()
    {
    }

    /** A reserve: {@code {"sku": "...", "quantity": n}}. */
    public record ReserveBody(String sku, int quantity)
    {
    }

    /**
     * Read token by token (the write path's body: no tree), with the same rules as {@link #object}, from
     * the body's own array or a copy in this thread's scratch array (no stream, no stream buffer), and
     * a repeated field caught here rather than by Jackson's duplicate detector (one less object a request).
     */
    public static ReserveBody reserve(final ByteBuf body)
    {
        requirePresent(body);
        final int length = body.readableBytes();
        final byte[] bytes;
        final int offset;
        if (body.hasArray())
        {
            bytes = body.array();
            offset = body.arrayOffset() + body.readerIndex();
        }
        else
        {
            bytes = length <= BodyLimit.MAX_BODY ? SCRATCH.get() : new byte[length];
            offset = 0;
            body.getBytes(body.readerIndex(), bytes, 0, length);
        }
        try (JsonParser parser = RESERVE.createParser(bytes, offset, length))
        {
            if (parser.nextToken() != JsonToken.START_OBJECT)
            {
                throw ApiError.invalid("the body must be a JSON object");
            }
            String sku = null;
            long quantity = QUANTITY_ABSENT;
            boolean quantitySeen = false;
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken())
            {
                final String name = parser.currentName();
                final JsonToken value = parser.nextToken();
                switch (name)
                {
                    case "sku" ->
                    {
                        requireFirst(sku != null, name);
                        sku = skuOf(parser, value);
                    }
                    case "quantity" ->
                    {
                        requireFirst(quantitySeen, name);
                        quantitySeen = true;
                        quantity = quantityOf(parser, value);
                    }
                    default -> throw ApiError.invalid("unknown field: " + truncate(name));
                }
            }
            if (parser.nextToken() != null)
            {
                throw ApiError.invalid("malformed JSON: trailing content after the object");
            }
            if (sku == null)
            {
                throw invalidSku();
            }
            if (quantity == QUANTITY_ABSENT)
            {
                throw ApiError.invalid("quantity is required");
            }
            return new ReserveBody(sku, (int)quantity);
        }
        catch (final IOException ex)
        {
            throw ApiError.invalid("malformed JSON: " + firstLine(ex.getMessage()));
        }
    }

    private static void requireFirst(final boolean seen, final String name)
    {
        if (seen)
        {
            throw ApiError.invalid("malformed JSON: duplicate field '" + name + "'");
        }
    }

    private static final long QUANTITY_ABSENT = Long.MIN_VALUE;

    private static String skuOf(final JsonParser parser, final JsonToken value) throws IOException
    {
        final String sku = value == JsonToken.VALUE_STRING ? parser.getText() : "";
        if (sku.isEmpty() || sku.length() > 64)
        {
            throw invalidSku();
        }
        return sku;
    }

    private static ApiError invalidSku()
    {
        return ApiError.invalid("sku must be a string of 1-64 characters");
    }

    private static long quantityOf(final JsonParser parser, final JsonToken value) throws IOException
    {
        if (value == JsonToken.VALUE_NULL)
        {
            return QUANTITY_ABSENT;
        }
        if (value != JsonToken.VALUE_NUMBER_INT || parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER ||
            parser.getLongValue() < 1 || parser.getLongValue() > MAX_QUANTITY)
        {
            throw ApiError.invalid("quantity must be a whole number in 1.." + MAX_QUANTITY);
        }
        return parser.getLongValue();
    }

    private static void requirePresent(final ByteBuf body)
    {
        if (!body.isReadable())
        {
            throw ApiError.invalid("a JSON body is required");
        }
    }

    /** Reads one JSON object whose fields are all among {@code allowed}. */
    public static JsonNode object(final ByteBuf body, final Set<String> allowed)
    {
        requirePresent(body);
        final JsonNode root;
        try (ByteBufInputStream in = new ByteBufInputStream(body.duplicate()))
        {
            root = STRICT.readTree(in);
        }
        catch (final IOException ex)
        {
            throw ApiError.invalid("malformed JSON: " + firstLine(ex.getMessage()));
        }
        if (root == null || !root.isObject())
        {
            throw ApiError.invalid("the body must be a JSON object");
        }
        for (final Iterator<String> names = root.fieldNames(); names.hasNext(); )
        {
            final String name = names.next();
            if (!allowed.contains(name))
            {
                throw ApiError.invalid("unknown field: " + truncate(name));
            }
        }
        return root;
    }

    /** An integral JSON number in range; {@code required} false lets it be absent (then {@code min} - 1). */
    public static int integer(final JsonNode root, final String field, final int min, final int max, final boolean required)
    {
        final JsonNode value = root.get(field);
        if (value == null || value.isNull())
        {
            if (required)
            {
                throw ApiError.invalid(field + " is required");
            }
            return min - 1;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < min || value.asLong() > max)
        {
            throw ApiError.invalid(field + " must be a whole number in " + min + ".." + max);
        }
        return (int)value.asLong();
    }

    private static String firstLine(final String message)
    {
        final String line = message == null ? "" : message.lines().findFirst().orElse("");
        return truncate(line);
    }

    private static String truncate(final String text)
    {
        return text.length() > 120 ? text.substring(0, 120) + "..." : text;
    }
}
