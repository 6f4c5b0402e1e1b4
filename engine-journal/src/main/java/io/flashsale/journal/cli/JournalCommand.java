package io.flashsale.journal.cli;

import io.flashsale.journal.DataDirectory;
import io.flashsale.journal.JournalQueue;
import io.flashsale.journal.JournalScanner;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** What every journal command shares: the data directory options, its output, and a checked read of a shard. */
abstract class JournalCommand implements Callable<Integer>
{
    @Mixin
    DataDirOption data;

    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() throws Exception
    {
        final PrintWriter out = spec.commandLine().getOut();
        try
        {
            return run(data.layout(), out);
        }
        finally
        {
            out.flush();
        }
    }

    /** @return the exit code: 0 fine, 1 damaged. */
    abstract int run(DataDirectory.Layout layout, PrintWriter out) throws Exception;

    /** Reads a shard's journal from the start, counting progress on a terminal. */
    final JournalScanner.Result scan(final int shard, final JournalScanner.RecordVisitor visitor)
    {
        final Progress progress = new Progress(System.err, "shard " + shard);
        try (JournalQueue queue = JournalQueue.open(data.directory().journal(shard), data.settings().rollCycle(), false))
        {
            return new JournalScanner().scan(queue, record ->
            {
                progress.tick();
                return visitor.onRecord(record);
            });
        }
        finally
        {
            progress.done();
        }
    }
}
