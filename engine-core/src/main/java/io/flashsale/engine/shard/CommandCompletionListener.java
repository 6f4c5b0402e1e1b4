package io.flashsale.engine.shard;

import io.flashsale.engine.command.Command;

/**
 * The last stage of a shard: told of each command after the journal and the logic are done with
 * it, on the shard's completion thread. This is where replies go back to waiting callers, and
 * where publishers flush what a batch changed ({@link #onBatchEnd}, the Disruptor's end of batch).
 * Implementations copy what they need out of the slot; the slot is reused once they return.
 */
public interface CommandCompletionListener
{
    CommandCompletionListener NONE = command ->
    {
    };

    void onCommandComplete(Command command);

    /** After the last command of a ring batch: flush batched I/O here. */
    default void onBatchEnd()
    {
    }
}
