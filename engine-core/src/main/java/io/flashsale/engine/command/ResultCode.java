package io.flashsale.engine.command;

/**
 * The answer to a command. Names match the error codes of the public API (shared/API.md) so the
 * gateway passes them through unchanged; codes are stable because the journal tooling prints them.
 */
public enum ResultCode
{
    OK(0),
    /** Fewer units available than asked. */
    SOLD_OUT(1),
    /** The user's held + confirmed units of the SKU would pass its perUserLimit. */
    LIMIT_EXCEEDED(2),
    /** Before saleStart, after saleEnd, or the sale was closed. */
    SALE_NOT_OPEN(3),
    /** Confirm or cancel of a reservation that is no longer HELD; or stock below held + sold. */
    INVALID_STATE(4),
    /** Confirm or cancel after expiresAt. */
    HOLD_EXPIRED(5),
    /** Unknown SKU, unknown reservation, or a reservation the caller does not own. */
    NOT_FOUND(6),
    /** A field out of range (quantity below 1, empty user id, bad product definition). */
    INVALID_REQUEST(7);

    private static final ResultCode[] BY_CODE = values();

    private final int code;

    ResultCode(final int code)
    {
        this.code = code;
    }

    public int code()
    {
        return code;
    }

    public static ResultCode fromCode(final int code)
    {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
