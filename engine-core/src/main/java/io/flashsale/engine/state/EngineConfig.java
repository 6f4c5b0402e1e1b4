package io.flashsale.engine.state;

import io.flashsale.engine.command.ReservationId;

/**
 * Sizing and switches of one shard's engine. Capacities are powers of two. Replays must use the
 * same values as the run that wrote the journal (snapshots carry their own capacities).
 *
 * @param shardId             this shard's number, the prefix of its reservation ids.
 * @param reservationCapacity reservations retained before finished ones are forgotten (grows if holds fill it).
 * @param idempotencyCapacity keyed answers retained per shard.
 * @param timerTickMillis     resolution of the hold timing wheel's finest level, a power of two.
 * @param timerSlotBits       log2 of buckets per wheel level.
 * @param timerCapacity       hold timers preallocated.
 * @param maxSkus             SKUs this shard may own.
 * @param wheelExpiry         layer 1 on (off only in tests of the backstop).
 * @param lazyExpiry          layer 2 on (off only in tests of the backstop).
 * @param expectedUsers       distinct users the sale expects: the user directory, the per-user
 *                            units and the timer pool are sized for them at start, so a crowd of
 *                            new shoppers never makes the logic thread copy a table (past it they
 *                            still grow, by doubling).
 */
public record EngineConfig(
    int shardId,
    int reservationCapacity,
    int idempotencyCapacity,
    long timerTickMillis,
    int timerSlotBits,
    int timerCapacity,
    int maxSkus,
    boolean wheelExpiry,
    boolean lazyExpiry,
    int expectedUsers)
{
    /** A sale's crowd unless told otherwise: about 200 MB of a shard's heap at start (users, their units, hold timers). */
    public static final int DEFAULT_EXPECTED_USERS = 2_000_000;

    public EngineConfig
    {
        if (shardId < 0 || shardId >= ReservationId.MAX_SHARDS)
        {
            throw new IllegalArgumentException("shardId must be in 0.." + (ReservationId.MAX_SHARDS - 1));
        }
        if (maxSkus < 1)
        {
            throw new IllegalArgumentException("maxSkus must be >= 1");
        }
        if (expectedUsers < 1)
        {
            throw new IllegalArgumentException("expectedUsers must be >= 1");
        }
    }

    /** Production sizes: about 130 MB per shard, most of it the idempotency ring. */
    public static EngineConfig defaults(final int shardId)
    {
        return new EngineConfig(shardId, 1 << 20, 1 << 20, 1, 8, 1 << 16, 4096, true, true, DEFAULT_EXPECTED_USERS);
    }

    /** Small sizes for tests that build thousands of engines; growth paths get exercised too. */
    public static EngineConfig small(final int shardId)
    {
        return new EngineConfig(shardId, 1 << 6, 1 << 6, 1, 4, 16, 64, true, true, 64);
    }

    public EngineConfig withExpiryLayers(final boolean wheel, final boolean lazy)
    {
        return new EngineConfig(shardId, reservationCapacity, idempotencyCapacity, timerTickMillis, timerSlotBits,
            timerCapacity, maxSkus, wheel, lazy, expectedUsers);
    }

    public EngineConfig withCapacities(final int reservations, final int idempotency)
    {
        return new EngineConfig(shardId, reservations, idempotency, timerTickMillis, timerSlotBits,
            timerCapacity, maxSkus, wheelExpiry, lazyExpiry, expectedUsers);
    }

    public EngineConfig withExpectedUsers(final int users)
    {
        return new EngineConfig(shardId, reservationCapacity, idempotencyCapacity, timerTickMillis, timerSlotBits,
            timerCapacity, maxSkus, wheelExpiry, lazyExpiry, users);
    }
}
