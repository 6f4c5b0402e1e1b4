package io.flashsale.bench;

import java.nio.file.Path;

/** The positional arguments every bench report takes: the reports folder first, then numbers with defaults. */
public final class BenchArgs
{
    private final String[] args;

    public BenchArgs(final String[] args)
    {
        this.args = args;
    }

    public Path reports()
    {
        return Path.of(args.length > 0 ? args[0] : "bench/reports");
    }

    /** The number at {@code index} (1 = the first after the reports folder), or the default. */
    public long number(final int index, final long fallback)
    {
        return args.length > index ? Long.parseLong(args[index]) : fallback;
    }
}
