package io.flashsale.backstop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real Postgres database for a test: a fresh database on the machine's server at 127.0.0.1:5432
 * (scripts/test.sh starts it), or a whole server of the test's own (initdb into a temporary
 * directory, a free port) that the test may stop and start.
 */
final class PostgresDatabase implements AutoCloseable
{
    private static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";

    private final String url;
    private final String name;
    private final Path cluster;
    private final int port;

    private PostgresDatabase(final String url, final String name, final Path cluster, final int port)
    {
        this.url = url;
        this.name = name;
        this.cluster = cluster;
        this.port = port;
    }

    /** A new, empty database on the machine's Postgres. */
    static PostgresDatabase fresh() throws SQLException
    {
        final String name = "flashsale_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection admin = DriverManager.getConnection(ADMIN_URL, "postgres", "");
             Statement statement = admin.createStatement())
        {
            statement.execute("CREATE DATABASE " + name);
        }
        return new PostgresDatabase("jdbc:postgresql://127.0.0.1:5432/" + name, name, null, 5432);
    }

    /** A Postgres server of the caller's own, started, with its database "postgres". */
    static PostgresDatabase ownServer() throws IOException, InterruptedException
    {
        final Path cluster = Files.createTempDirectory("pg-test");
        final int port = KafkaBroker.freePort();
        asPostgres("chown", "-R", "postgres", cluster.toString());
        asPostgres(binary("initdb"), "-D", cluster.toString(), "-A", "trust", "-U", "postgres", "--no-sync");
        final PostgresDatabase server = new PostgresDatabase("jdbc:postgresql://127.0.0.1:" + port + "/postgres",
            null, cluster, port);
        server.startServer();
        return server;
    }

    String url()
    {
        return url;
    }

    Connection connect() throws SQLException
    {
        return DriverManager.getConnection(url, "postgres", "");
    }

    void startServer() throws IOException, InterruptedException
    {
        asPostgres(binary("pg_ctl"), "-D", cluster.toString(), "-l", cluster.resolve("server.log").toString(), "-w",
            "-o", "-p " + port + " -k " + cluster + " -c listen_addresses=127.0.0.1 -c fsync=off", "start");
    }

    void stopServer() throws IOException, InterruptedException
    {
        asPostgres(binary("pg_ctl"), "-D", cluster.toString(), "-m", "fast", "-w", "stop");
    }

    private static String binary(final String name) throws IOException
    {
        try (var versions = Files.list(Path.of("/usr/lib/postgresql")))
        {
            return versions.sorted(java.util.Comparator.reverseOrder()).map(v -> v.resolve("bin").resolve(name))
                .filter(Files::isExecutable).findFirst().orElseThrow(() -> new IOException("no " + name)).toString();
        }
    }

    /** Postgres refuses to run as root: as root, run its tools as the postgres user. */
    private static void asPostgres(final String... command) throws IOException, InterruptedException
    {
        final boolean root = "root".equals(System.getProperty("user.name"));
        final java.util.List<String> line = new java.util.ArrayList<>();
        if (root && !command[0].equals("chown"))
        {
            line.addAll(java.util.List.of("runuser", "-u", "postgres", "--"));
        }
        if (!root && command[0].equals("chown"))
        {
            return;
        }
        line.addAll(java.util.List.of(command));
        final Process process = new ProcessBuilder(line).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0)
        {
            throw new IllegalStateException(String.join(" ", line).toLowerCase(Locale.ROOT) + " failed");
        }
    }

    @Override
    public void close() throws Exception
    {
        if (cluster != null)
        {
            stopServer();
            return;
        }
        try (Connection admin = DriverManager.getConnection(ADMIN_URL, "postgres", "");
             Statement statement = admin.createStatement())
        {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }
}
