package io.flashsale.engine.state;

import org.agrona.DirectBuffer;

import java.nio.charset.StandardCharsets;

/**
 * A read cursor with bounds checked against the snapshot's length, so a torn or damaged snapshot
 * ends in a {@link CorruptSnapshotException}, never in garbage state.
 */
public final class SnapshotIn
{
    private final DirectBuffer buffer;
    private final int limit;
    private int position;

    public SnapshotIn(final DirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        this.position = offset;
        this.limit = offset + length;
    }

    public DirectBuffer buffer()
    {
        return buffer;
    }

    public int position()
    {
        return position;
    }

    public void position(final int newPosition)
    {
        if (newPosition > limit)
        {
            throw new CorruptSnapshotException("read past the end of the snapshot at " + newPosition);
        }
        position = newPosition;
    }

    public byte getByte()
    {
        need(1);
        return buffer.getByte(position++);
    }

    public int getInt()
    {
        need(4);
        final int value = buffer.getInt(position);
        position += 4;
        return value;
    }

    public long getLong()
    {
        need(8);
        final long value = buffer.getLong(position);
        position += 8;
        return value;
    }

    /** @return a count read from the snapshot, refused when negative or above {@code max}. */
    public int getCount(final int max)
    {
        final int count = getInt();
        if (count < 0 || count > max)
        {
            throw new CorruptSnapshotException("count out of range: " + count);
        }
        return count;
    }

    public byte[] getBytes(final int maxLength)
    {
        final int length = getCount(maxLength);
        need(length);
        final byte[] bytes = new byte[length];
        buffer.getBytes(position, bytes);
        position += length;
        return bytes;
    }

    public String getString()
    {
        return new String(getBytes(limit - position), StandardCharsets.UTF_8);
    }

    private void need(final int bytes)
    {
        if (position + bytes > limit || position + bytes < position)
        {
            throw new CorruptSnapshotException("read past the end of the snapshot at " + position);
        }
    }
}
