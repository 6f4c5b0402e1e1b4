package io.flashsale.gateway.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds the gateway's responses: JSON bodies, and errors always as {@code {"error","message"}}. */
public final class JsonResponses
{
    public static final ObjectMapper JSON = new ObjectMapper();
    /**
     * Our own header names and values need no validation (a profile showed it per response), and a
     * response with a Content-Length never has trailers: no second header map per response.
     */
    private static final HttpHeadersFactory HEADERS = DefaultHttpHeadersFactory.headersFactory()
        .withNameValidation(false).withValueValidation(false);

    private JsonResponses()
    {
    }

    public static FullHttpResponse json(final HttpResponseStatus status, final Object body)
    {
        try
        {
            return bytes(status, JSON.writeValueAsBytes(body), "application/json; charset=utf-8");
        }
        catch (final JsonProcessingException ex)
        {
            throw new IllegalStateException("a response body could not be written as JSON", ex);
        }
    }

    public static FullHttpResponse error(final HttpResponseStatus status, final String code, final String message)
    {
        final Map<String, String> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("message", message);
        return json(status, body);
    }

    public static FullHttpResponse error(final ApiError error)
    {
        final FullHttpResponse response = error(error.status(), error.code(), error.getMessage());
        if (error.retryAfterSeconds() > 0)
        {
            response.headers().set(HttpHeaderNames.RETRY_AFTER, Long.toString(error.retryAfterSeconds()));
        }
        if (error.headerName() != null)
        {
            response.headers().set(error.headerName(), error.headerValue());
        }
        return response;
    }

    /** 429 or 503 with {@code Retry-After} in seconds. */
    public static FullHttpResponse retryLater(final HttpResponseStatus status, final String code, final String message,
        final long seconds)
    {
        final FullHttpResponse response = error(status, code, message);
        response.headers().set(HttpHeaderNames.RETRY_AFTER, Long.toString(seconds));
        return response;
    }

    public static FullHttpResponse text(final HttpResponseStatus status, final String body, final String contentType)
    {
        return bytes(status, body.getBytes(StandardCharsets.UTF_8), contentType);
    }

    public static FullHttpResponse bytes(final HttpResponseStatus status, final byte[] body, final String contentType)
    {
        final FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
            Unpooled.wrappedBuffer(body), HEADERS.newHeaders(), EmptyHttpHeaders.INSTANCE);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        return response;
    }
}
