package io.flashsale.journal.cli;

import io.flashsale.journal.JournalException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code scripts/journal.sh COMMAND --data-dir DIR [options]}: the operators' journal tooling.
 * Read-only unless a command says otherwise. Exit codes: 0 fine, 1 the journal is damaged,
 * 2 bad usage.
 */
@Command(name = "journal.sh", mixinStandardHelpOptions = true,
    description = "Operators' tooling for the flash-sale engine's journal.",
    subcommands = {StatsCommand.class, VerifyCommand.class, DumpCommand.class, ReplayCommand.class,
        AuditFifoCommand.class, SnapshotCommand.class, TruncateCommand.class})
public final class JournalCli implements Runnable
{
    public static final int DAMAGED = 1;
    public static final int USAGE = 2;
    /** slf4j-simple's level, read when the first logger is made. */
    private static final String LOG_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run()
    {
        throw new CommandLine.ParameterException(spec.commandLine(), "say which command");
    }

    public static CommandLine commandLine()
    {
        return new CommandLine(new JournalCli())
            .setExecutionExceptionHandler((ex, commandLine, parseResult) ->
            {
                commandLine.getErr().println("error: " + ex.getMessage());
                return ex instanceof JournalException ? DAMAGED : USAGE;
            });
    }

    public static void main(final String[] args)
    {
        System.setProperty("chronicle.analytics.disable", "true");
        // Chronicle logs its start-up at info: an operator wants the answer, and Chronicle's warnings.
        if (System.getProperty(LOG_LEVEL) == null)
        {
            System.setProperty(LOG_LEVEL, "warn");
        }
        System.exit(commandLine().execute(args));
    }
}
