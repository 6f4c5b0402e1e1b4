package io.flashsale.bench.core;

import io.flashsale.engine.command.Command;
import io.flashsale.engine.command.ResultCode;
import io.flashsale.engine.shard.CommandCompletionListener;

/** Counts finished commands on the completion thread and publishes the count once per batch. */
final class CompletionCounter implements CommandCompletionListener
{
    private long completed;
    private long failures;
    private volatile long completedPublished;
    private volatile long failuresPublished;

    @Override
    public void onCommandComplete(final Command command)
    {
        completed++;
        if (command.result != ResultCode.OK)
        {
            failures++;
        }
    }

    @Override
    public void onBatchEnd()
    {
        failuresPublished = failures;
        completedPublished = completed;
    }

    void awaitCompleted(final long count)
    {
        while (completedPublished < count)
        {
            Thread.onSpinWait();
        }
    }

    long failures()
    {
        return failuresPublished;
    }
}
