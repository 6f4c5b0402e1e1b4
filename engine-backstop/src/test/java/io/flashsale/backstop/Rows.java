package io.flashsale.backstop;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/** What the persister wrote, read back for assertions. */
final class Rows
{
    private Rows()
    {
    }

    /** reservation id to status; empty while the schema is not there yet. */
    static Map<String, String> statuses(final PostgresDatabase database)
    {
        return query(database, "SELECT reservation_id, status FROM reservations");
    }

    /** order id to reservation id. */
    static Map<String, String> orders(final PostgresDatabase database)
    {
        return query(database, "SELECT order_id, reservation_id FROM orders");
    }

    static long count(final PostgresDatabase database, final String sql)
    {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql))
        {
            rows.next();
            return rows.getLong(1);
        }
        catch (final SQLException ex)
        {
            return -1;
        }
    }

    private static Map<String, String> query(final PostgresDatabase database, final String sql)
    {
        final Map<String, String> result = new HashMap<>();
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql))
        {
            while (rows.next())
            {
                result.put(rows.getString(1), rows.getString(2));
            }
        }
        catch (final SQLException ex)
        {
            return Map.of();
        }
        return result;
    }
}
