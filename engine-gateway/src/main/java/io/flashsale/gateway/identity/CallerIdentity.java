package io.flashsale.gateway.identity;

import io.netty.handler.codec.http.HttpHeaders;

import java.util.regex.Pattern;

/** Who is calling: the shopper's user id from the request, or null when absent or not valid. */
public interface CallerIdentity
{
    /** The API's user id: 1-64 characters of {@code [A-Za-z0-9_.@-]}, which is also what the engine stores. */
    Pattern USER_ID = Pattern.compile("[A-Za-z0-9_.@-]{1,64}");

    String callerOf(HttpHeaders headers);

    /** The same rule as {@link #USER_ID}, without a regex on every request. */
    static String validUserId(final String candidate)
    {
        if (candidate == null || candidate.isEmpty() || candidate.length() > 64)
        {
            return null;
        }
        for (int i = 0; i < candidate.length(); i++)
        {
            final char c = candidate.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.' ||
                c == '@' || c == '-'))
            {
                return null;
            }
        }
        return candidate;
    }
}
