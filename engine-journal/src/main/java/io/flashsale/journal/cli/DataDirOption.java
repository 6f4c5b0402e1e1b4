package io.flashsale.journal.cli;

import io.flashsale.journal.DataDirectory;
import io.flashsale.journal.JournalException;
import io.flashsale.journal.JournalSettings;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The options every journal command shares: where the data is, and which shard. */
final class DataDirOption
{
    @Option(names = "--data-dir", required = true, paramLabel = "DIR", description = "the server's data directory")
    Path dataDir;

    @Option(names = "--shard", paramLabel = "N", description = "one shard only (default: every shard)")
    Integer shard;

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec spec;

    DataDirectory directory()
    {
        return new DataDirectory(dataDir);
    }

    /** The layout, or a usage error (exit 2) when DIR is not a data directory. */
    DataDirectory.Layout layout()
    {
        try
        {
            final DataDirectory.Layout layout = directory().layout();
            if (shard != null && (shard < 0 || shard >= layout.shards()))
            {
                throw new CommandLine.ParameterException(spec.commandLine(),
                    "--shard " + shard + ": the data directory has shards 0.." + (layout.shards() - 1));
            }
            return layout;
        }
        catch (final JournalException ex)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), ex.getMessage());
        }
    }

    int[] shards(final DataDirectory.Layout layout)
    {
        if (shard != null)
        {
            return new int[]{shard};
        }
        final int[] all = new int[layout.shards()];
        for (int i = 0; i < all.length; i++)
        {
            all[i] = i;
        }
        return all;
    }

    /** Commands that act on one journal need a shard when there are several. */
    int singleShard(final DataDirectory.Layout layout)
    {
        if (shard == null && layout.shards() > 1)
        {
            throw new CommandLine.ParameterException(spec.commandLine(),
                "the data directory has " + layout.shards() + " shards: say which with --shard");
        }
        return shard == null ? 0 : shard;
    }

    JournalSettings settings()
    {
        return JournalSettings.defaults();
    }
}
