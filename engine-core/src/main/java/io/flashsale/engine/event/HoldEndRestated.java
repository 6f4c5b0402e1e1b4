package io.flashsale.engine.event;

import io.flashsale.engine.command.ReservationStatus;

/**
 * An EXPIRE (the backstop's command) named a hold that had already ended before this command: the
 * engine changes nothing and restates how the hold ended, so a store that missed the end (the
 * reason the sweeper asked) catches up. {@code at} is the EXPIRE's time.
 */
public final class HoldEndRestated extends HoldFact
{
    /** CONFIRMED, CANCELLED or EXPIRED. */
    public ReservationStatus endedAs;
}
