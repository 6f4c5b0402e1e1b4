package io.flashsale.engine.command;

/**
 * One reused, mutable ring slot: the command going in and its result coming out. Each field says
 * which stage fills it; a stage only reads what earlier stages wrote. Public fields on purpose:
 * this is a preallocated message, not a domain object.
 */
public final class Command
{
    /** Longest user id the API allows (1-64 characters of {@code [A-Za-z0-9_.@-]}). */
    public static final int MAX_USER_ID_LENGTH = 64;

    // ---- filled by the publisher (a CommandRequest copied in by the translator) ----

    public CommandType type;
    /** Epoch milliseconds; the engine clamps it so its own time never runs backwards. */
    public long timestamp;
    /** RESERVE, CLOSE_SALE: the SKU's index inside its shard. */
    public int skuIndex;
    /** CONFIRM, CANCEL, EXPIRE. */
    public long reservationId;
    /** RESERVE. */
    public int quantity;
    /** RESERVE, CONFIRM, CANCEL: the caller, as ASCII bytes. */
    public final byte[] userId = new byte[MAX_USER_ID_LENGTH];
    public int userIdLength;
    /** RESERVE: 128-bit fingerprint of the Idempotency-Key, both zero when there is none. */
    public long idempotencyKeyHigh;
    public long idempotencyKeyLow;
    /** UPSERT_PRODUCT only. */
    public ProductDefinition product;
    /** The publisher's token to find the waiting caller; never read by the logic. */
    public long correlationId;
    /** Who waits for the answer (the gateway's pending HTTP reply); never read by the logic nor journaled. */
    public Object replyTo;

    // ---- filled by the journal stage (zero when no journal runs) ----

    public long journalIndex;
    /** The caller gave up before the command was claimed ({@link ReplyTicket}): neither journaled nor applied. */
    public boolean dropped;

    // ---- filled by the business-logic stage ----

    public ResultCode result;
    /** True when the answer came from the idempotency table, not from a fresh decision. */
    public boolean idempotentReplay;
    /** The SKU the command touched, or -1. */
    public int resultSkuIndex;
    /** The reservation the answer is about (0 when none), with its state after the command. */
    public long resultReservationId;
    public ReservationStatus resultStatus;
    public int resultQuantity;
    public long resultCreatedAt;
    public long resultExpiresAt;

    /** A new slot starts as a reset one, so a preallocated ring holds nothing a reset would not. */
    public Command()
    {
        resetInputs();
        clearResult();
    }

    /**
     * The one reset of everything the stages before the logic fill (the publisher's fields and the
     * journal's): every {@link CommandRequest#copyTo} starts here and then sets only its own fields,
     * so nothing of the slot's previous command leaks into the next. User id bytes past
     * {@link #userIdLength} mean nothing and are left as they are.
     */
    public void resetInputs()
    {
        type = null;
        timestamp = 0;
        skuIndex = -1;
        reservationId = 0;
        quantity = 0;
        userIdLength = 0;
        idempotencyKeyHigh = 0;
        idempotencyKeyLow = 0;
        product = null;
        correlationId = 0;
        replyTo = null;
        journalIndex = 0;
        dropped = false;
    }

    public void setUserId(final byte[] source, final int length)
    {
        System.arraycopy(source, 0, userId, 0, length);
        userIdLength = length;
    }

    /** Clears what the logic stage writes, so nothing of the slot's previous command leaks out. */
    public void clearResult()
    {
        result = null;
        idempotentReplay = false;
        resultSkuIndex = -1;
        resultReservationId = 0;
        resultStatus = null;
        resultQuantity = 0;
        resultCreatedAt = 0;
        resultExpiresAt = 0;
    }

    /**
     * Claims the command for processing when a caller waits on it (see {@link ReplyTicket}).
     *
     * @return false, and the command marked dropped, when the caller already gave up.
     */
    public boolean claim()
    {
        if (!dropped && replyTo instanceof ReplyTicket ticket && !ticket.claim())
        {
            dropped = true;
        }
        return !dropped;
    }

    /** Copies the input fields (not the result) from another slot: used by journal readers and tests. */
    public void copyInputFrom(final Command other)
    {
        type = other.type;
        timestamp = other.timestamp;
        skuIndex = other.skuIndex;
        reservationId = other.reservationId;
        quantity = other.quantity;
        setUserId(other.userId, other.userIdLength);
        idempotencyKeyHigh = other.idempotencyKeyHigh;
        idempotencyKeyLow = other.idempotencyKeyLow;
        product = other.product;
        correlationId = other.correlationId;
        replyTo = other.replyTo;
        journalIndex = other.journalIndex;
        dropped = other.dropped;
    }
}
