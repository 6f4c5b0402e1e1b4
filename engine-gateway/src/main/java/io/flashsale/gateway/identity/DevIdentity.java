package io.flashsale.gateway.identity;

import io.netty.handler.codec.http.HttpHeaders;

/** {@code dev} mode: the caller is whatever {@code X-User-Id} says, if it is a valid user id. */
public final class DevIdentity implements CallerIdentity
{
    @Override
    public String callerOf(final HttpHeaders headers)
    {
        return CallerIdentity.validUserId(headers.get("X-User-Id"));
    }
}
