package io.flashsale.server.redis;

/** The publisher's guarded write, for tests that play an old writer against Redis. */
public final class RedisAvailabilityPublisherAccess
{
    private RedisAvailabilityPublisherAccess()
    {
    }

    public static String guardedWrite()
    {
        return RedisAvailabilityPublisher.GUARDED_WRITE;
    }
}
