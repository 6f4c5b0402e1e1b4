package io.flashsale.engine.event;

/** The owner confirmed a hold in time: its units are sold. */
public final class HoldConfirmed extends HoldFact
{
}
