package io.flashsale.gateway.identity;

import io.netty.handler.codec.http.HttpHeaders;

import java.util.regex.Pattern;

/** Who is calling: the shopper's user id from the request, or null when absent or not valid. */
public interface CallerIdentity
{
    /** The API's user id: 1-64 characters of {@code [A-Za-z0-9_.@-]}, which is also what the engine stores. */
    Pattern USER_ID = Pattern.compile("[A-Za-z0-9_.@-]{1,64}");

    String callerOf(HttpHeaders headers);

    static String validUserId(final String candidate)
    {
        return candidate != null && USER_ID.matcher(candidate).matches() ? candidate : null;
    }
}
