package io.flashsale.engine.command;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * 64-bit hashes of the keys that travel in commands (user ids, idempotency keys, SKU codes).
 * Deterministic across JVMs and runs, since they route SKUs to shards and fingerprint keys in the
 * journal. Words of 8 bytes (little-endian) are folded in MurmurHash3 style and the result is finished
 * with MurmurHash3's fmix64.
 */
public final class KeyHash
{
    private static final long SEED_PRIMARY = 0x9E3779B97F4A7C15L;
    private static final long SEED_SECONDARY = 0xC2B2AE3D27D4EB4FL;
    private static final VarHandle LITTLE_ENDIAN_LONG =
        MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private KeyHash()
    {
    }

    /** Chains one more field into a hash: {@code combine(combine(a, b), c)}, the state hash's element rule. */
    public static long combine(final long hash, final long field)
    {
        return mix(hash * 0x9E3779B97F4A7C15L + field);
    }

    public static long mix(long h)
    {
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return h;
    }

    public static long hash(final byte[] bytes, final int offset, final int length)
    {
        return hash(bytes, offset, length, SEED_PRIMARY);
    }

    /** A second, independent hash: with {@link #hash} it makes a 128-bit fingerprint. */
    public static long hashSecondary(final byte[] bytes, final int offset, final int length)
    {
        return hash(bytes, offset, length, SEED_SECONDARY);
    }

    public static long hash(final CharSequence text)
    {
        long h = SEED_PRIMARY ^ text.length();
        for (int i = 0; i < text.length(); i++)
        {
            h = mix(h + text.charAt(i));
        }
        return h;
    }

    private static long hash(final byte[] bytes, final int offset, final int length, final long seed)
    {
        long h = seed ^ length;
        int i = 0;
        for (; i + 8 <= length; i += 8)
        {
            h = Long.rotateLeft(h ^ littleEndianLong(bytes, offset + i) * 0x87C37B91114253D5L, 31) * 0x4CF5AD432745937FL;
        }
        return mix(h ^ word(bytes, offset + i, offset + length) ^ ((long)length << 56));
    }

    /** Bytes {@code [from, from + 8)} as a little-endian long, zero at and past {@code end}. */
    public static long word(final byte[] bytes, final int from, final int end)
    {
        final int count = Math.min(Long.BYTES, end - from);
        if (count <= 0)
        {
            return 0;
        }
        if (bytes.length >= from + Long.BYTES)
        {
            final long word = littleEndianLong(bytes, from);
            return count == Long.BYTES ? word : word & ((1L << (count * Byte.SIZE)) - 1);
        }
        long word = 0;
        for (int i = count - 1; i >= 0; i--)
        {
            word = word << Byte.SIZE | (bytes[from + i] & 0xFF);
        }
        return word;
    }

    private static long littleEndianLong(final byte[] bytes, final int at)
    {
        return (long)LITTLE_ENDIAN_LONG.get(bytes, at);
    }
}
