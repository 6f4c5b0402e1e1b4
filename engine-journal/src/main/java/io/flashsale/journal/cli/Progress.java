package io.flashsale.journal.cli;

import java.io.PrintStream;

/** Counts records on long runs, shown on stderr only when it is a terminal. */
final class Progress
{
    private static final long EVERY = 1_000_000;

    private final PrintStream err;
    private final boolean terminal;
    private final String what;
    private long count;

    Progress(final PrintStream err, final String what)
    {
        this.err = err;
        this.terminal = System.console() != null;
        this.what = what;
    }

    void tick()
    {
        if (++count % EVERY == 0 && terminal)
        {
            err.printf("\r%s: %,d records", what, count);
            err.flush();
        }
    }

    void done()
    {
        if (terminal && count >= EVERY)
        {
            err.printf("\r%s: %,d records%n", what, count);
        }
    }
}
