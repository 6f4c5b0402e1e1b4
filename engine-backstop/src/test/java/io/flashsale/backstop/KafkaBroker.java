package io.flashsale.backstop;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real Kafka broker (KRaft, single node) for tests, run by scripts/kafka.sh: either the machine's
 * shared one on 127.0.0.1:9092 (started when absent) or one of a test's own, on free ports with its
 * own data, that the test may stop and start.
 */
final class KafkaBroker implements AutoCloseable
{
    private static final Path SCRIPT = Path.of("..", "scripts", "kafka.sh").toAbsolutePath().normalize();

    private final Path directory;
    private final int port;
    private final int controllerPort;
    private final boolean owned;

    private KafkaBroker(final Path directory, final int port, final int controllerPort, final boolean owned)
    {
        this.directory = directory;
        this.port = port;
        this.controllerPort = controllerPort;
        this.owned = owned;
    }

    /** The machine's broker (scripts/test.sh starts it; started here when a test runs alone). */
    static KafkaBroker shared() throws IOException, InterruptedException
    {
        final KafkaBroker broker = new KafkaBroker(null, 9092, 9093, false);
        if (!answers(9092))
        {
            broker.run("start");
        }
        return broker;
    }

    /** A broker of the caller's own, started. */
    static KafkaBroker own() throws IOException, InterruptedException
    {
        final KafkaBroker broker = new KafkaBroker(Files.createTempDirectory("kafka-test"), freePort(), freePort(), true);
        broker.start();
        return broker;
    }

    String bootstrap()
    {
        return "127.0.0.1:" + port;
    }

    void start() throws IOException, InterruptedException
    {
        run("start");
    }

    void stop() throws IOException, InterruptedException
    {
        run("stop");
    }

    private void run(final String action) throws IOException, InterruptedException
    {
        final Path output = Files.createTempFile("kafka-sh", ".log");
        final ProcessBuilder builder = new ProcessBuilder("bash", SCRIPT.toString(), action)
            .redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().put("KAFKA_PORT", Integer.toString(port));
        builder.environment().put("KAFKA_CONTROLLER_PORT", Integer.toString(controllerPort));
        if (directory != null)
        {
            builder.environment().put("KAFKA_DIR", directory.toString());
        }
        final Process process = builder.start();
        if (!process.waitFor(180, TimeUnit.SECONDS) || process.exitValue() != 0)
        {
            process.destroyForcibly();
            throw new IllegalStateException("kafka.sh " + action + " failed: " + Files.readString(output));
        }
        Files.delete(output);
    }

    static boolean answers(final int port)
    {
        try (Socket ignored = new Socket("127.0.0.1", port))
        {
            return true;
        }
        catch (final IOException ex)
        {
            return false;
        }
    }

    static int freePort() throws IOException
    {
        try (ServerSocket socket = new ServerSocket(0))
        {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws IOException, InterruptedException
    {
        if (owned)
        {
            stop();
        }
    }
}
