package io.flashsale.engine.timer;

/** Called on the wheel's owning thread for each timer that has come due. */
@FunctionalInterface
public interface TimerHandler
{
    /**
     * @param payload  what the timer was scheduled with.
     * @param deadline its deadline, epoch milliseconds.
     */
    void onTimerExpired(long payload, long deadline);
}
