package io.flashsale.engine.state;

import io.flashsale.engine.command.KeyHash;

/**
 * Accumulates a 64-bit hash of engine state, part after part through {@link #add}.
 * <p>
 * The big collections (reservations, users, per-user units, idempotency answers) keep a running
 * digest instead of being walked: the sum of {@link #element} hashes of what they hold, updated as
 * an element comes, changes or goes. A sum does not depend on order, and taking the state hash is
 * O(SKUs), not O(state): it runs on the logic thread at every checkpoint.
 */
public final class StateHash
{
    private long hash = 0x243F6A8885A308D3L;

    public StateHash add(final long value)
    {
        hash = element(hash, value);
        return this;
    }

    public StateHash add(final String text)
    {
        return add(text == null ? -1 : KeyHash.hash(text));
    }

    /** Chains one more field into an element's hash: {@code element(element(a, b), c)}. */
    public static long element(final long hash, final long field)
    {
        return KeyHash.combine(hash, field);
    }

    public long value()
    {
        return hash;
    }
}
