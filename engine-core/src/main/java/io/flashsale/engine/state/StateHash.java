package io.flashsale.engine.state;

import io.flashsale.engine.command.KeyHash;

/**
 * Accumulates a 64-bit hash of engine state. Ordered parts go through {@link #add}; parts kept in
 * hash maps, whose iteration order is not state, go through {@link #addUnordered} and are folded in
 * with {@link #foldUnordered}, so two engines with the same content hash alike.
 */
public final class StateHash
{
    private long hash = 0x243F6A8885A308D3L;
    private long unordered;

    public StateHash add(final long value)
    {
        hash = KeyHash.mix(hash * 0x9E3779B97F4A7C15L + value);
        return this;
    }

    public StateHash add(final String text)
    {
        return add(text == null ? -1 : KeyHash.hash(text));
    }

    public StateHash addUnordered(final long key, final long value)
    {
        unordered += KeyHash.mix(KeyHash.mix(key) ^ value);
        return this;
    }

    public StateHash foldUnordered()
    {
        add(unordered);
        unordered = 0;
        return this;
    }

    public long value()
    {
        return hash;
    }
}
