package io.flashsale.engine.state;

import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.charset.StandardCharsets;

/** A write cursor over a growing buffer; snapshot writers append through it, little-endian. */
public final class SnapshotOut
{
    private final MutableDirectBuffer buffer;
    private int position;

    public SnapshotOut()
    {
        this(new ExpandableArrayBuffer(1 << 16), 0);
    }

    public SnapshotOut(final MutableDirectBuffer buffer, final int position)
    {
        this.buffer = buffer;
        this.position = position;
    }

    public MutableDirectBuffer buffer()
    {
        return buffer;
    }

    public int position()
    {
        return position;
    }

    /** Moves past bytes written straight into {@link #buffer()} by a part with its own codec. */
    public void position(final int newPosition)
    {
        position = newPosition;
    }

    public SnapshotOut putByte(final int value)
    {
        buffer.putByte(position, (byte)value);
        position += 1;
        return this;
    }

    public SnapshotOut putInt(final int value)
    {
        buffer.putInt(position, value);
        position += 4;
        return this;
    }

    public SnapshotOut putLong(final long value)
    {
        buffer.putLong(position, value);
        position += 8;
        return this;
    }

    public SnapshotOut putBytes(final byte[] source, final int offset, final int length)
    {
        putInt(length);
        buffer.putBytes(position, source, offset, length);
        position += length;
        return this;
    }

    public SnapshotOut putString(final String text)
    {
        final byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        return putBytes(utf8, 0, utf8.length);
    }
}
