package io.flashsale.engine.state;

/** Which of the three expiry layers let a hold go; counted so operators see who does the work. */
public enum ExpiryLayer
{
    /** Layer 1: the hold's timer fired as the engine's time passed its deadline. */
    WHEEL,
    /** Layer 2: a command touched an overdue hold before any timer fired. */
    LAZY,
    /** Layer 3: the backstop's EXPIRE command; in a healthy system it finds nothing to do. */
    SWEEPER
}
