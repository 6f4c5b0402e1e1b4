package io.flashsale.gateway.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.function.LongSupplier;

/**
 * {@code jwt} mode: {@code Authorization: Bearer <HS256 JWT>}; the caller is its {@code sub}. The
 * header must say HS256 (no "none", no algorithm switching), the signature must match in constant
 * time, {@code exp} must be present and in the future, and {@code sub} must be a valid user id.
 */
public final class JwtIdentity implements CallerIdentity
{
    private static final int MAX_TOKEN_LENGTH = 4096;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final byte[] secret;
    private final LongSupplier clockMillis;

    public JwtIdentity(final String secret, final LongSupplier clockMillis)
    {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.clockMillis = clockMillis;
    }

    @Override
    public String callerOf(final HttpHeaders headers)
    {
        final String token = BearerToken.of(headers.get(HttpHeaderNames.AUTHORIZATION));
        if (token == null || token.length() > MAX_TOKEN_LENGTH)
        {
            return null;
        }
        final String[] parts = token.split("\\.", -1);
        if (parts.length != 3)
        {
            return null;
        }
        try
        {
            final JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
            if (header == null || !"HS256".equals(header.path("alg").asText()))
            {
                return null;
            }
            final Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            final byte[] expected = mac.doFinal((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!MessageDigest.isEqual(expected, Base64.getUrlDecoder().decode(parts[2])))
            {
                return null;
            }
            final JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            if (claims == null || !claims.path("exp").canConvertToLong() ||
                claims.path("exp").asLong() * 1000 <= clockMillis.getAsLong() || !claims.path("sub").isTextual())
            {
                return null;
            }
            return CallerIdentity.validUserId(claims.path("sub").asText());
        }
        catch (final IllegalArgumentException | java.io.IOException | GeneralSecurityException ex)
        {
            return null;
        }
    }
}
