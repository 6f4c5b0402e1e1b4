package io.flashsale.gateway.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;

/** A request refused with a status and an API error code; thrown while a request is read, answered as JSON. */
public final class ApiError extends RuntimeException
{
    private final HttpResponseStatus status;
    private final String code;
    private final long retryAfterSeconds;
    /** One more header the answer carries (Allow, Location), or null. */
    private final CharSequence headerName;
    private final String headerValue;

    public ApiError(final HttpResponseStatus status, final String code, final String message)
    {
        this(status, code, message, 0, null, null);
    }

    private ApiError(final HttpResponseStatus status, final String code, final String message,
        final long retryAfterSeconds, final CharSequence headerName, final String headerValue)
    {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
        this.headerName = headerValue == null ? null : headerName;
        this.headerValue = headerValue;
    }

    /** 429 with Retry-After. */
    public static ApiError rateLimited(final long retryAfterSeconds)
    {
        return new ApiError(HttpResponseStatus.TOO_MANY_REQUESTS, "RATE_LIMITED", "too many requests, retry later",
            retryAfterSeconds, null, null);
    }

    /** 405 with Allow. */
    public static ApiError methodNotAllowed(final String allowed)
    {
        return new ApiError(HttpResponseStatus.METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED", allowed + " only", 0,
            HttpHeaderNames.ALLOW, allowed);
    }

    /**
     * 503 with Retry-After: this node lost (or never had) the primary lease.
     *
     * @param primary the primary's HTTP base for a {@code Location} header, or null when it is not known
     */
    public static ApiError notPrimary(final String primary)
    {
        return new ApiError(HttpResponseStatus.SERVICE_UNAVAILABLE, "NOT_PRIMARY",
            "this node does not hold the primary lease: another node serves the sale" +
                (primary == null ? "" : " (" + primary + ")"), 1, HttpHeaderNames.LOCATION, primary);
    }

    /** 421: another group of the cluster owns the SKU; {@code Location} is its HTTP base. */
    public static ApiError misdirected(final String sku, final String owner)
    {
        return new ApiError(HttpResponseStatus.MISDIRECTED_REQUEST, "MISDIRECTED",
            sku + " belongs to another group of the cluster (" + owner + ")", 0, HttpHeaderNames.LOCATION, owner);
    }

    /** 503 OVERLOADED with Retry-After: writes cannot be taken for now, for the reason given. */
    public static ApiError unavailable(final String why)
    {
        return new ApiError(HttpResponseStatus.SERVICE_UNAVAILABLE, "OVERLOADED", why, 1, null, null);
    }

    /** Seconds for Retry-After, 0 for none. */
    public long retryAfterSeconds()
    {
        return retryAfterSeconds;
    }

    /** The extra header's name (Allow, Location), or null for none. */
    public CharSequence headerName()
    {
        return headerName;
    }

    public String headerValue()
    {
        return headerValue;
    }

    public static ApiError invalid(final String message)
    {
        return new ApiError(HttpResponseStatus.BAD_REQUEST, "INVALID_REQUEST", message);
    }

    public static ApiError notFound(final String message)
    {
        return new ApiError(HttpResponseStatus.NOT_FOUND, "NOT_FOUND", message);
    }

    public static ApiError unauthenticated(final String message)
    {
        return new ApiError(HttpResponseStatus.UNAUTHORIZED, "UNAUTHENTICATED", message);
    }

    public HttpResponseStatus status()
    {
        return status;
    }

    public String code()
    {
        return code;
    }
}
