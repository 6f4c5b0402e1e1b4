package io.flashsale.gateway.http;

import io.netty.handler.codec.http.HttpResponseStatus;

/** A request refused with a status and an API error code; thrown while a request is read, answered as JSON. */
public final class ApiError extends RuntimeException
{
    private final HttpResponseStatus status;
    private final String code;
    private final long retryAfterSeconds;
    private final String allow;

    public ApiError(final HttpResponseStatus status, final String code, final String message)
    {
        this(status, code, message, 0, null);
    }

    private ApiError(final HttpResponseStatus status, final String code, final String message,
        final long retryAfterSeconds, final String allow)
    {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
        this.allow = allow;
    }

    /** 429 with Retry-After. */
    public static ApiError rateLimited(final long retryAfterSeconds)
    {
        return new ApiError(HttpResponseStatus.TOO_MANY_REQUESTS, "RATE_LIMITED", "too many requests, retry later",
            retryAfterSeconds, null);
    }

    /** 405 with Allow. */
    public static ApiError methodNotAllowed(final String allowed)
    {
        return new ApiError(HttpResponseStatus.METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED", allowed + " only", 0, allowed);
    }

    /** 503 with Retry-After: this node lost (or never had) the primary lease. */
    public static ApiError notPrimary()
    {
        return new ApiError(HttpResponseStatus.SERVICE_UNAVAILABLE, "NOT_PRIMARY",
            "this node does not hold the primary lease: another node serves the sale", 1, null);
    }

    /** Seconds for Retry-After, 0 for none. */
    public long retryAfterSeconds()
    {
        return retryAfterSeconds;
    }

    /** The Allow header's value, or null. */
    public String allow()
    {
        return allow;
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
