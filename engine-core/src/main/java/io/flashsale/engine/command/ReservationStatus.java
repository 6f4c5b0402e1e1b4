package io.flashsale.engine.command;

/** Life of a hold: HELD, then exactly one of the three terminal states. Codes are journaled. */
public enum ReservationStatus
{
    HELD(1),
    CONFIRMED(2),
    CANCELLED(3),
    EXPIRED(4);

    private static final ReservationStatus[] BY_CODE = {null, HELD, CONFIRMED, CANCELLED, EXPIRED};

    private final byte code;

    ReservationStatus(final int code)
    {
        this.code = (byte)code;
    }

    public byte code()
    {
        return code;
    }

    public static ReservationStatus fromCode(final int code)
    {
        return code > 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
