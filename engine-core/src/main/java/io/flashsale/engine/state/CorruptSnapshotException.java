package io.flashsale.engine.state;

/** A snapshot that is torn, damaged or of another format: refused, never half-loaded. */
public final class CorruptSnapshotException extends RuntimeException
{
    public CorruptSnapshotException(final String message)
    {
        super(message);
    }

    public CorruptSnapshotException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
