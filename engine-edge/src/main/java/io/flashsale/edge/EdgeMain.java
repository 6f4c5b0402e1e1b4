package io.flashsale.edge;

import io.flashsale.gateway.SettingValues;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** {@code scripts/edge.sh}: a stateless edge over the groups of a cluster file. */
@CommandLine.Command(name = "flashsale-edge", mixinStandardHelpOptions = true,
    description = "A stateless edge: every SKU of every group, reads from the Redis master, writes forwarded to the owning group.")
public final class EdgeMain implements Runnable
{
    @Option(names = "--config", paramLabel = "FILE", description = "settings file (properties, FLASHSALE_* names)")
    Path config;
    @Option(names = "--port", description = "HTTP port (FLASHSALE_HTTP_PORT, 8080)")
    String port;
    @Option(names = "--host", description = "bind address (FLASHSALE_HTTP_HOST, 127.0.0.1)")
    String host;
    @Option(names = "--cluster", description = "the cluster file (FLASHSALE_CLUSTER)")
    String cluster;
    @Option(names = "--redis-url", description = "the Redis master (FLASHSALE_REDIS_URL)")
    String redisUrl;

    private EdgeSettings settings;

    public static void main(final String[] args) throws Exception
    {
        final EdgeMain main = new EdgeMain();
        final CommandLine commandLine = new CommandLine(main);
        try
        {
            commandLine.parseArgs(args);
        }
        catch (final CommandLine.ParameterException ex)
        {
            System.err.println(ex.getMessage());
            System.exit(2);
        }
        if (commandLine.isUsageHelpRequested() || commandLine.isVersionHelpRequested())
        {
            commandLine.execute(args);
            return;
        }
        try
        {
            main.settings = EdgeSettings.from(SettingValues.merge(EdgeSettings.DEFAULTS, SettingValues.file(main.config),
                System.getenv(), main.flags()));
        }
        catch (final IllegalArgumentException ex)
        {
            System.err.println("flashsale-edge: " + ex.getMessage());
            System.exit(2);
        }
        main.run();
        new CountDownLatch(1).await();
    }

    @Override
    public void run()
    {
        try
        {
            final Edge edge = Edge.start(settings, EdgeMain::log);
            Runtime.getRuntime().addShutdownHook(new Thread(edge::close, "edge-shutdown"));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        catch (final Exception ex) // a port taken, say: say so and exit, never linger half started
        {
            System.err.println("flashsale-edge: could not start: " + ex);
            System.exit(1);
        }
    }

    private Map<String, String> flags()
    {
        final Map<String, String> flags = new HashMap<>();
        SettingValues.putIfGiven(flags, "FLASHSALE_HTTP_PORT", port);
        SettingValues.putIfGiven(flags, "FLASHSALE_HTTP_HOST", host);
        SettingValues.putIfGiven(flags, "FLASHSALE_CLUSTER", cluster);
        SettingValues.putIfGiven(flags, "FLASHSALE_REDIS_URL", redisUrl);
        return flags;
    }

    private static void log(final String line)
    {
        System.out.println(Instant.now() + " " + line);
    }
}
