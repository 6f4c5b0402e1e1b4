package io.flashsale.engine.timer;

/** Told each timer a snapshot load recreates, with its new id, so the owner can store the id. */
@FunctionalInterface
public interface RestoredTimerListener
{
    void onTimerRestored(int timerId, long payload);
}
