package io.flashsale.journal.record;

import io.flashsale.engine.command.Command;

/** One decoded record, reused record after record by readers. */
public final class JournalRecord
{
    public byte kind;
    public long journalIndex;
    public int epoch;
    /** COMMAND records: the command, inputs only. */
    public final Command command = new Command();
    /** CHECKPOINT records: the state hash at {@link #journalIndex}. */
    public long stateHash;
    /** Where the record sits: its document's Chronicle index and its offset inside the document. */
    public long documentIndex;
    public int offsetInDocument;
    public int length;

    public boolean isCommand()
    {
        return kind == RecordLayout.KIND_COMMAND;
    }
}
