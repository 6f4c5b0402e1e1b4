package io.flashsale.engine.event;

/** A hold was placed; its units left {@code available} for {@code held}. */
public final class HoldPlaced extends HoldFact
{
    /** When the hold lapses unless confirmed, epoch milliseconds: {@code at} + the product's hold time. */
    public long expiresAt;
}
