package io.flashsale.gateway.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** {@code Authorization: Bearer <token>} parsing, and the admin token's constant-time check. */
public final class BearerToken
{
    private static final String PREFIX = "Bearer ";

    private BearerToken()
    {
    }

    /** @return the token, or null when the header is missing or not a bearer token. */
    public static String of(final String authorization)
    {
        if (authorization == null || authorization.length() <= PREFIX.length() ||
            !authorization.regionMatches(true, 0, PREFIX, 0, PREFIX.length()))
        {
            return null;
        }
        return authorization.substring(PREFIX.length()).trim();
    }

    /** Compares in time independent of where the strings differ. */
    public static boolean matches(final String presented, final String expected)
    {
        return presented != null && expected != null && MessageDigest.isEqual(
            presented.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }
}
