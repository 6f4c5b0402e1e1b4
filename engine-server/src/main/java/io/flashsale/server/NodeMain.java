package io.flashsale.server;

import io.flashsale.replica.lease.PrimaryLease;
import picocli.CommandLine;

import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

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
        final AtomicReference<RunningNode> server = new AtomicReference<>();
        try
        {
            server.set(NodeStart.start(settings, NodeMain::log));
            rejoinWhenFenced(server, settings);
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
            server.get().close();
            log("stopped at journal index " + server.get().journalIndex());
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
        log("ready: http://" + settings.host() + ":" + server.get().port() + "/");
        // the node's threads come and go (a promotion, a rejoin): the JVM lives until a signal stops it
        new CountDownLatch(1).await();
    }

    /**
     * A primary that lost its lease (paused past it, cut off) comes back by itself as the new
     * primary's replica: the fenced node is closed and the node started again with its same
     * settings (which finds the lease held, follows its holder, and cuts a tail nobody acknowledged).
     */
    private static void rejoinWhenFenced(final AtomicReference<RunningNode> server, final ServerSettings settings)
    {
        // not a daemon: while the fenced node is closed and the new one not yet started, it keeps the JVM alive
        server.get().onFenced(() -> Thread.ofPlatform().name("rejoin").daemon(false).start(() ->
        {
            log("lease lost: restarting as the new primary's replica");
            server.get().close();
            try
            {
                server.set(NodeStart.start(settings, NodeMain::log));
                rejoinWhenFenced(server, settings);
                log("ready again: http://" + settings.host() + ":" + server.get().port() + "/");
            }
            catch (final Exception | Error ex)
            {
                log("the node could not start again (" + ex + "): exiting");
                System.exit(1);
            }
        }));
    }

    private static void log(final String line)
    {
        System.out.println(Instant.now() + " " + line);
        System.out.flush();
    }
}
