package io.flashsale.engine.timer;

/** Sees each pending timer in the wheel's own order (bucket by bucket, oldest first in a bucket). */
@FunctionalInterface
public interface TimerVisitor
{
    void visit(int bucket, long deadline, long payload);
}
