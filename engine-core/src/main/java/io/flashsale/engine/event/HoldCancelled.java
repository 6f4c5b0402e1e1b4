package io.flashsale.engine.event;

/** The owner cancelled a hold in time: its units are available again. */
public final class HoldCancelled extends HoldFact
{
}
