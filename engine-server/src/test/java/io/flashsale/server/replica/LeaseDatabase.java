package io.flashsale.server.replica;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;

/** A Postgres database of a test's own on 127.0.0.1:5432 (trust auth), for the lease row; dropped after. */
final class LeaseDatabase implements AutoCloseable
{
    private static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";

    private final String name;

    LeaseDatabase(final String prefix) throws Exception
    {
        this.name = prefix + "_" + UUID.randomUUID().toString().replace("-", "");
        execute("CREATE DATABASE " + name);
    }

    String url()
    {
        return "jdbc:postgresql://127.0.0.1:5432/" + name;
    }

    String name()
    {
        return name;
    }

    @Override
    public void close() throws Exception
    {
        execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private static void execute(final String sql) throws Exception
    {
        try (Connection connection = DriverManager.getConnection(ADMIN_URL, "postgres", null);
             Statement statement = connection.createStatement())
        {
            statement.execute(sql);
        }
    }
}
