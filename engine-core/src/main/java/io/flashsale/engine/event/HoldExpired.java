package io.flashsale.engine.event;

import io.flashsale.engine.state.ExpiryLayer;

/** A hold lapsed: its units are available again. */
public final class HoldExpired extends HoldFact
{
    /** Which of the three expiry layers ended it. */
    public ExpiryLayer layer;
}
