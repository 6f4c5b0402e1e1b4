package io.flashsale.engine.event;

import io.flashsale.engine.command.Command;

import java.nio.charset.StandardCharsets;

/**
 * What every hold event says: which hold, whose, of what and when. The engine owns one instance of
 * each event type and fills it in place before each call to its listener (nothing is allocated):
 * a listener reads it during the call and copies what it keeps. Every field is stated by the
 * engine, so no listener asks the engine again or works out a rule for itself.
 */
public abstract sealed class HoldFact permits HoldPlaced, HoldConfirmed, HoldCancelled, HoldExpired, HoldEndRestated
{
    /** The longest user id the API allows. */
    public static final int MAX_USER_ID = Command.MAX_USER_ID_LENGTH;

    public long reservationId;
    /** The SKU's index in its shard, and its code (the engine's own string: no copy). */
    public int skuIndex;
    public String sku;
    /** The owner's user id: {@code userIdLength} ASCII bytes. */
    public final byte[] userId = new byte[MAX_USER_ID];
    public int userIdLength;
    public int quantity;
    /** The engine's time of the command that caused it, epoch milliseconds. */
    public long at;

    HoldFact()
    {
    }

    /** The owner as text (allocates: for listeners off the hot path). */
    public String userIdText()
    {
        return new String(userId, 0, userIdLength, StandardCharsets.US_ASCII);
    }
}
