package io.flashsale.journal.cli;

import io.flashsale.journal.JournalException;
import picocli.CommandLine;

/** Commands that write take the data directory's lock: a running server makes them a usage error. */
final class WriteLock
{
    private WriteLock()
    {
    }

    static AutoCloseable take(final DataDirOption data)
    {
        try
        {
            return data.directory().lock();
        }
        catch (final JournalException ex)
        {
            throw new CommandLine.ParameterException(data.spec.commandLine(), ex.getMessage() + "; stop the server first");
        }
    }
}
