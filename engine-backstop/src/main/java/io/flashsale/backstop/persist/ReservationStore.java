package io.flashsale.backstop.persist;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.flashsale.backstop.BackstopSettings;
import io.flashsale.backstop.event.HoldEvent;
import io.flashsale.backstop.event.HoldEventType;
import io.flashsale.engine.command.ReservationId;
import org.flywaydb.core.Flyway;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;

/**
 * The Postgres side of the backstop: the schema (Flyway migrations in db/migration), the
 * persister's idempotent batch writes and the sweeper's queries, over a small HikariCP pool.
 */
public final class ReservationStore implements AutoCloseable
{
    /**
     * A row moves only forward: to a newer journal index, and never from an ended status back to
     * HELD. Replays and resends of events are then no-ops.
     */
    private static final String UPSERT_RESERVATION = """
        INSERT INTO reservations (reservation_id, sku, user_id, quantity, status, placed_at, expires_at, updated_at, journal_index)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (reservation_id) DO UPDATE SET
            status = EXCLUDED.status,
            updated_at = EXCLUDED.updated_at,
            journal_index = EXCLUDED.journal_index,
            placed_at = COALESCE(reservations.placed_at, EXCLUDED.placed_at),
            expires_at = COALESCE(reservations.expires_at, EXCLUDED.expires_at)
        WHERE reservations.journal_index < EXCLUDED.journal_index
          AND NOT (reservations.status <> 'HELD' AND EXCLUDED.status = 'HELD')
        """;

    private static final String INSERT_ORDER = """
        INSERT INTO orders (order_id, reservation_id, sku, user_id, quantity, confirmed_at, journal_index)
        VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (order_id) DO NOTHING
        """;

    private static final String OVERDUE_HOLDS = """
        SELECT reservation_id, sku FROM reservations
        WHERE status = 'HELD' AND expires_at < ? AND (swept_at IS NULL OR swept_at < ?)
        ORDER BY expires_at LIMIT ?
        """;

    /** A hold Postgres still shows HELD past its expiry. */
    public record OverdueHold(String reservationId, String sku)
    {
    }

    private final HikariDataSource pool;
    private volatile boolean migrated;

    public ReservationStore(final BackstopSettings settings, final String poolName)
    {
        final HikariConfig config = new HikariConfig();
        config.setJdbcUrl(settings.jdbcUrl());
        if (settings.pgUser() != null)
        {
            config.setUsername(settings.pgUser());
        }
        if (settings.pgPassword() != null)
        {
            config.setPassword(settings.pgPassword());
        }
        config.setPoolName(poolName);
        config.setMaximumPoolSize(2);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(3_000);
        config.setValidationTimeout(1_000);
        // start even while Postgres is down: the writers retry, the server does not wait
        config.setInitializationFailTimeout(-1);
        this.pool = new HikariDataSource(config);
    }

    /** Brings the schema up to date (idempotent). */
    public void migrate()
    {
        Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
        migrated = true;
    }

    /** True once {@link #migrate()} has brought the schema up: the sweeper waits for it. */
    public boolean migrated()
    {
        return migrated;
    }

    /** Writes a batch of events in one transaction, in order. */
    public void write(final List<HoldEvent> events) throws SQLException
    {
        try (Connection connection = pool.getConnection())
        {
            connection.setAutoCommit(false);
            try (PreparedStatement reservations = connection.prepareStatement(UPSERT_RESERVATION);
                 PreparedStatement orders = connection.prepareStatement(INSERT_ORDER))
            {
                boolean anyOrder = false;
                for (final HoldEvent event : events)
                {
                    addReservation(reservations, event);
                    if (event.type() == HoldEventType.HOLD_CONFIRMED)
                    {
                        addOrder(orders, event);
                        anyOrder = true;
                    }
                }
                reservations.executeBatch();
                if (anyOrder)
                {
                    orders.executeBatch();
                }
                connection.commit();
            }
            catch (final SQLException | RuntimeException ex)
            {
                connection.rollback();
                throw ex;
            }
        }
    }

    private static void addReservation(final PreparedStatement statement, final HoldEvent event) throws SQLException
    {
        final boolean placed = event.type() == HoldEventType.HOLD_PLACED;
        statement.setString(1, event.reservationId());
        statement.setString(2, event.sku());
        statement.setString(3, event.userId());
        statement.setInt(4, event.quantity());
        statement.setString(5, event.type().status().name());
        statement.setTimestamp(6, placed ? new Timestamp(event.at()) : null);
        statement.setTimestamp(7, event.expiresAt() != 0 ? new Timestamp(event.expiresAt()) : null);
        statement.setTimestamp(8, new Timestamp(event.at()));
        statement.setLong(9, event.journalIndex());
        statement.addBatch();
    }

    private static void addOrder(final PreparedStatement statement, final HoldEvent event) throws SQLException
    {
        statement.setString(1, ReservationId.orderIdOf(event.reservationId()));
        statement.setString(2, event.reservationId());
        statement.setString(3, event.sku());
        statement.setString(4, event.userId());
        statement.setInt(5, event.quantity());
        statement.setTimestamp(6, new Timestamp(event.at()));
        statement.setLong(7, event.journalIndex());
        statement.addBatch();
    }

    /**
     * @param overdueBefore holds whose expiresAt is before this (the sweep time less the grace).
     * @param resweepBefore holds already swept since this are left alone for now.
     */
    public List<OverdueHold> overdueHolds(final long overdueBefore, final long resweepBefore, final int limit)
        throws SQLException
    {
        try (Connection connection = pool.getConnection();
             PreparedStatement statement = connection.prepareStatement(OVERDUE_HOLDS))
        {
            statement.setTimestamp(1, new Timestamp(overdueBefore));
            statement.setTimestamp(2, new Timestamp(resweepBefore));
            statement.setInt(3, limit);
            final List<OverdueHold> holds = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery())
            {
                while (rows.next())
                {
                    holds.add(new OverdueHold(rows.getString(1), rows.getString(2)));
                }
            }
            return holds;
        }
    }

    public void markSwept(final List<OverdueHold> holds, final long at) throws SQLException
    {
        try (Connection connection = pool.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                 "UPDATE reservations SET swept_at = ? WHERE reservation_id = ANY (?)"))
        {
            final Array ids = connection.createArrayOf("text", holds.stream().map(OverdueHold::reservationId).toArray());
            statement.setTimestamp(1, new Timestamp(at));
            statement.setArray(2, ids);
            statement.executeUpdate();
        }
    }

    @Override
    public void close()
    {
        pool.close();
    }
}
