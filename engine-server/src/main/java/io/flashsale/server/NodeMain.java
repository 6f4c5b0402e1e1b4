package io.flashsale.server;

import io.flashsale.replica.lease.PrimaryLease;
import picocli.CommandLine;

import java.time.Instant;

/**
 * {@code scripts/run.sh}: starts the server with the settings of {@link SettingsLoader}, prints its
 * URL, and on SIGTERM stops accepting, drains the rings, snapshots every shard and exits 0.
 */
public final class NodeMain
{
    private NodeMain()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        System.setProperty("chronicle.analytics.disable", "true");
        final SettingsLoader.Flags flags = new SettingsLoader.Flags();
        final CommandLine commandLine = new CommandLine(flags);
        try
        {
            commandLine.parseArgs(args);
        }
        catch (final CommandLine.ParameterException ex)
        {
            System.err.println(ex.getMessage());
            commandLine.usage(System.err);
            System.exit(2);
        }
        if (commandLine.isUsageHelpRequested())
        {
            commandLine.usage(System.out);
            return;
        }
        final ServerSettings settings;
        try
        {
            settings = SettingsLoader.load(flags, System.getenv());
        }
        catch (final IllegalArgumentException ex)
        {
            System.err.println("error: " + ex.getMessage());
            System.exit(2);
            return;
        }
        final RunningNode server;
        try
        {
            server = NodeStart.start(settings, NodeMain::log);
        }
        catch (final PrimaryLease.HeldElsewhere ex)
        {
            System.err.println("error: " + ex.getMessage());
            System.exit(1);
            return;
        }
        final Runnable stop = () ->
        {
            log("stopping: no new connections, draining the rings, snapshotting");
            server.close();
            log("stopped at journal index " + server.journalIndex());
        };
        // SIGTERM and SIGINT: a clean stop that exits 0 (a shutdown hook alone would exit 143)
        for (final String name : new String[]{"TERM", "INT"})
        {
            sun.misc.Signal.handle(new sun.misc.Signal(name), signal ->
            {
                stop.run();
                System.exit(0);
            });
        }
        log("ready: http://" + settings.host() + ":" + server.port() + "/");
    }

    private static void log(final String line)
    {
        System.out.println(Instant.now() + " " + line);
        System.out.flush();
    }
}
