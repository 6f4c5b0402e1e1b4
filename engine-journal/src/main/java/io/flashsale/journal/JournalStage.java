package io.flashsale.journal;

import com.lmax.disruptor.EventHandler;
import io.flashsale.engine.command.Command;
import io.flashsale.journal.record.CommandRecordCodec;
import io.flashsale.journal.record.RecordLayout;

/**
 * The shard's journal stage, first on the ring: gives each command its journal index, encodes the
 * batch's records into one buffer and appends them as one Chronicle document at the Disruptor's end
 * of batch, before the business logic sees any of them. The logic (and so every reply) only sees a
 * command after its batch is written, which is what makes an acknowledged reservation survive a
 * kill -9. Commands that change nothing (reads) pass through unjournaled. Buffers are reused:
 * nothing is allocated per command.
 */
public final class JournalStage implements EventHandler<Command>, AutoCloseable
{
    /** A document is flushed early when the next record might not fit. */
    private static final int BATCH_BUFFER = 1 << 20;

    private final JournalQueue queue;
    private final int epoch;
    private final CommandRecordCodec codec = new CommandRecordCodec();
    private final AppendSignal appended = new AppendSignal();
    private final byte[] batch = new byte[BATCH_BUFFER + RecordLayout.MAX_RECORD];
    private int batchLength;
    private long lastIndex;
    private long lastCheckpointWritten;
    private long checkpointHash;
    private volatile long checkpointIndex;
    private volatile long lastIndexWritten;

    /**
     * @param lastIndex the last journal index already in the queue (0 for a new journal).
     */
    public JournalStage(final JournalQueue queue, final long lastIndex, final int epoch)
    {
        this.queue = queue;
        this.epoch = epoch;
        this.lastIndex = lastIndex;
        this.lastIndexWritten = lastIndex;
        this.lastCheckpointWritten = lastIndex;
    }

    @Override
    public void onEvent(final Command command, final long sequence, final boolean endOfBatch)
    {
        if (command.type.mutates() && command.claim())
        {
            command.journalIndex = ++lastIndex;
            batchLength += codec.encodeCommand(command, lastIndex, epoch, batch, batchLength);
        }
        else
        {
            command.journalIndex = 0;
        }
        if (endOfBatch || batchLength >= BATCH_BUFFER)
        {
            flush();
        }
    }

    /**
     * Called by the logic thread with the state hash after applying {@code index}; written into the
     * journal with the next batch.
     */
    public void postCheckpoint(final long index, final long stateHash)
    {
        checkpointHash = stateHash;
        checkpointIndex = index;
    }

    /** The last journal index written to the queue (any thread). */
    public long lastIndexWritten()
    {
        return lastIndexWritten;
    }

    /** Tells in-process tailers of each append, and when it was. */
    public AppendSignal appendSignal()
    {
        return appended;
    }

    private void flush()
    {
        final long checkpoint = checkpointIndex;
        if (checkpoint > lastCheckpointWritten)
        {
            batchLength += codec.encodeCheckpoint(checkpoint, epoch, checkpointHash, batch, batchLength);
            lastCheckpointWritten = checkpoint;
        }
        if (batchLength > 0)
        {
            queue.append(batch, 0, batchLength);
            batchLength = 0;
            lastIndexWritten = lastIndex;
            appended.appended(lastIndex);
        }
    }

    @Override
    public void onShutdown()
    {
        flush();
    }

    @Override
    public void close()
    {
        queue.close();
    }
}
