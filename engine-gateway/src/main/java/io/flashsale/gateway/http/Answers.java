package io.flashsale.gateway.http;

import io.flashsale.engine.command.ResultCode;
import io.netty.handler.codec.http.HttpResponseStatus;

/** The engine's result codes as HTTP statuses and messages (shared/API.md "Error codes"). */
final class Answers
{
    private Answers()
    {
    }

    static HttpResponseStatus status(final ResultCode result)
    {
        return switch (result)
        {
            case OK -> HttpResponseStatus.OK;
            case SOLD_OUT, LIMIT_EXCEEDED, SALE_NOT_OPEN, INVALID_STATE -> HttpResponseStatus.CONFLICT;
            case HOLD_EXPIRED -> HttpResponseStatus.GONE;
            case NOT_FOUND -> HttpResponseStatus.NOT_FOUND;
            case INVALID_REQUEST -> HttpResponseStatus.BAD_REQUEST;
        };
    }

    static String message(final ResultCode result)
    {
        return switch (result)
        {
            case OK -> "ok";
            case SOLD_OUT -> "fewer units available than asked";
            case LIMIT_EXCEEDED -> "your held and confirmed units of this SKU would pass its per-user limit";
            case SALE_NOT_OPEN -> "the sale of this SKU is not open";
            case INVALID_STATE -> "the reservation is no longer held";
            case HOLD_EXPIRED -> "the hold has expired";
            case NOT_FOUND -> "no such reservation";
            case INVALID_REQUEST -> "the request is not valid";
        };
    }
}
