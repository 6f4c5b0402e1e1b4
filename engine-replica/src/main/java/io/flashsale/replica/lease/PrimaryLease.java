package io.flashsale.replica.lease;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Who may write: one row in Postgres, taken and renewed by conditional updates (Postgres gives the
 * linearizable compare-and-set; no home-made consensus).
 * <pre>
 *  flashsale_lease(name ('primary', or the group's name in a cluster), holder, epoch, expires_at, replication, http)
 *  take:  only if lapsed (expires_at &lt; now()) or already ours; the epoch rises by one
 *  renew: only while the row still holds our holder and epoch
 * </pre>
 * The epoch goes into every journal record the holder writes, so a replica refuses an older
 * primary's records once it has seen a newer one. The holder fences itself too: it counts its lease
 * valid until {@code ttl} after the start of its last successful renewal (minus a tenth), measured
 * on its own monotonic clock; Postgres set the row's expiry at or after that start, so the holder
 * stops writing before anyone else can take the row. Renewals run every third of the ttl.
 * <p>
 * The row also names where the holder serves ({@link #advertise}): its replication address, which a
 * node that starts while another holds the lease follows, and its HTTP base, which a replica gives
 * shoppers in a {@code Location} header.
 */
public final class PrimaryLease implements AutoCloseable
{
    /**
     * @param url      JDBC URL of the Postgres holding the lease row
     * @param holder   this node's name (unique among the nodes that may be primary)
     * @param ttlMillis how long a lease lasts without renewal: the failover time
     */
    public record Settings(String url, String user, String password, String holder, long ttlMillis, String name)
    {
        /** The one lease of a store that serves one group. */
        public static final String PRIMARY = "primary";

        public Settings(final String url, final String user, final String password, final String holder, final long ttlMillis)
        {
            this(url, user, password, holder, ttlMillis, PRIMARY);
        }
    }

    /** Another node holds a lease that has not lapsed. */
    public static final class HeldElsewhere extends RuntimeException
    {
        HeldElsewhere(final String message)
        {
            super(message);
        }
    }

    private static final String CREATE = "CREATE TABLE IF NOT EXISTS flashsale_lease (name text PRIMARY KEY, " +
        "holder text NOT NULL, epoch bigint NOT NULL, expires_at timestamptz NOT NULL, replication text, http text)";
    /** A row made by a build before the addresses. */
    private static final String ADD_ADDRESSES = "ALTER TABLE flashsale_lease ADD COLUMN IF NOT EXISTS replication text, " +
        "ADD COLUMN IF NOT EXISTS http text";
    private static final String TAKE = "INSERT INTO flashsale_lease AS l (name, holder, epoch, expires_at) " +
        "VALUES (?, ?, 1, now() + (?::double precision) * interval '1 millisecond') ON CONFLICT (name) DO UPDATE " +
        "SET holder = EXCLUDED.holder, epoch = l.epoch + 1, expires_at = EXCLUDED.expires_at, replication = NULL, http = NULL " +
        "WHERE l.expires_at < now() OR l.holder = EXCLUDED.holder RETURNING epoch";
    /** Renews (the ttl from now) or releases (0 ms from now), only while the row is still ours. */
    private static final String EXPIRE_IN = "UPDATE flashsale_lease SET expires_at = now() + (?::double precision) * interval '1 millisecond' " +
        "WHERE holder = ? AND epoch = ? AND name = ?";
    private static final String HOLDING = "SELECT holder, epoch, expires_at < now(), replication, http " +
        "FROM flashsale_lease WHERE name = ?";
    private static final String ADVERTISE = "UPDATE flashsale_lease SET replication = ?, http = ? " +
        "WHERE holder = ? AND epoch = ? AND name = ?";

    private final Settings settings;
    private final long epoch;
    private final Consumer<String> log;
    private final Thread renewer;
    private volatile long validUntilNanos;
    private volatile boolean lost;
    private volatile boolean closed;
    private volatile Runnable onLost = () ->
    {
    };

    private PrimaryLease(final Settings settings, final long epoch, final long takenAtNanos, final Consumer<String> log)
    {
        this.settings = settings;
        this.epoch = epoch;
        this.log = log;
        this.validUntilNanos = takenAtNanos + validityNanos(settings);
        this.renewer = new Thread(this::renewUntilClosed, "lease-renewer");
        this.renewer.setDaemon(true);
        this.renewer.start();
    }

    /**
     * A server's start. Besides a lease held by another node, it refuses a lapsed lease whose last
     * holder was another node: that node served the sale since this data directory was last written
     * (a primary that failed over to its replica, restarted on its old data after the replica stopped
     * too, would sell again what the replica sold). Such a node starts as the replica of the last
     * primary, or with that node's FLASHSALE_NODE_ID if this data directory is that node's.
     */
    public static PrimaryLease acquire(final Settings settings, final Consumer<String> log) throws SQLException
    {
        final long start = System.nanoTime();
        final OptionalLong epoch;
        try (Connection connection = open(settings))
        {
            try (Statement upgrade = connection.createStatement())
            {
                upgrade.execute(ADD_ADDRESSES); // at a server's start only: it locks the table
            }
            connection.setAutoCommit(false);
            try
            {
                final Holding before = read(connection, HOLDING + " FOR UPDATE", settings.name());
                if (before != null && !before.holder().equals(settings.holder()))
                {
                    throw new HeldElsewhere(before.lapsed() ?
                        "the last primary was " + before.holder() + " (epoch " + before.epoch() + "), not this node: " +
                            "this data directory did not follow it; start as its replica" :
                        "the primary lease is held by " + before.holder() + " (epoch " + before.epoch() + "): this node is not the primary");
                }
                epoch = take(connection, settings);
                connection.commit();
            }
            catch (final SQLException | RuntimeException ex)
            {
                connection.rollback();
                throw ex;
            }
        }
        if (epoch.isEmpty())
        {
            throw new HeldElsewhere("the primary lease is held by " + describe(settings) + ": this node is not the primary");
        }
        log.accept("lease: primary as " + settings.holder() + ", epoch " + epoch.getAsLong() +
            " (ttl " + settings.ttlMillis() + " ms)");
        return new PrimaryLease(settings, epoch.getAsLong(), start, log);
    }

    /**
     * A replica's move, given the row as it has just read it: takes the lease only when another node
     * held it and let it lapse. A lease
     * nobody has held is never taken here: a primary running without a lease may be serving.
     */
    public static Optional<PrimaryLease> takeOver(final Settings settings, final Holding now, final Consumer<String> log)
        throws SQLException
    {
        if (now == null || !now.lapsed() || now.holder().equals(settings.holder()))
        {
            return Optional.empty();
        }
        final long start = System.nanoTime();
        final OptionalLong epoch = tryTake(settings); // conditional: a primary that renewed meanwhile keeps it
        if (epoch.isEmpty())
        {
            return Optional.empty();
        }
        log.accept("lease: " + now.holder() + " let the lease lapse (epoch " + now.epoch() + "); taken by " +
            settings.holder() + ", epoch " + epoch.getAsLong());
        return Optional.of(new PrimaryLease(settings, epoch.getAsLong(), start, log));
    }

    /**
     * The lease row as Postgres sees it now, or null when there is none.
     *
     * @param replication the holder's replication address {@code host:port}, or null (not said, or none)
     * @param http        the holder's HTTP base {@code http://host:port}, or null
     */
    public record Holding(String holder, long epoch, boolean lapsed, String replication, String http)
    {
    }

    public static Holding holding(final Settings settings) throws SQLException
    {
        try (Connection connection = open(settings))
        {
            return read(connection, HOLDING, settings.name());
        }
    }

    /** One attempt: the new epoch when the lease was lapsed, free or ours; empty while another holds it. */
    public static OptionalLong tryTake(final Settings settings) throws SQLException
    {
        try (Connection connection = open(settings))
        {
            return take(connection, settings);
        }
    }

    private static OptionalLong take(final Connection connection, final Settings settings) throws SQLException
    {
        try (PreparedStatement take = connection.prepareStatement(TAKE))
        {
            take.setString(1, settings.name());
            take.setString(2, settings.holder());
            take.setLong(3, settings.ttlMillis());
            try (ResultSet row = take.executeQuery())
            {
                return row.next() ? OptionalLong.of(row.getLong(1)) : OptionalLong.empty();
            }
        }
    }

    private static Holding read(final Connection connection, final String query, final String name) throws SQLException
    {
        try (PreparedStatement statement = connection.prepareStatement(query))
        {
            statement.setString(1, name);
            try (ResultSet row = statement.executeQuery())
            {
                return row.next() ?
                    new Holding(row.getString(1), row.getLong(2), row.getBoolean(3), row.getString(4), row.getString(5)) : null;
            }
        }
    }

    /** Who holds the lease, for an operator's message. */
    private static String describe(final Settings settings) throws SQLException
    {
        final Holding now = holding(settings);
        return now == null ? "nobody" : now.holder() + " (epoch " + now.epoch() + ")";
    }

    public long epoch()
    {
        return epoch;
    }

    /**
     * Says where this holder serves, in the row it holds (nothing if the row is no longer ours).
     *
     * @param replication {@code host:port} replicas follow, or null when this node ships no journal
     */
    public void advertise(final String replication, final String http) throws SQLException
    {
        try (Connection connection = connect(settings); PreparedStatement update = connection.prepareStatement(ADVERTISE))
        {
            update.setString(1, replication);
            update.setString(2, http);
            update.setString(3, settings.holder());
            update.setLong(4, epoch);
            update.setString(5, settings.name());
            update.executeUpdate();
        }
    }

    /** Run once, on the renewer's thread, when the lease is found taken or run out (not after {@link #close}). */
    public void onLost(final Runnable action)
    {
        onLost = action;
    }

    /** True while this node may write: renewed in time and not taken by another. A volatile read and a clock read. */
    public boolean held()
    {
        return !lost && System.nanoTime() - validUntilNanos < 0;
    }

    private void renewUntilClosed()
    {
        final long every = TimeUnit.MILLISECONDS.toNanos(Math.max(1, settings.ttlMillis() / 3));
        boolean failing = false;
        while (!closed)
        {
            if (!held())
            {
                log.accept("lease: no longer held (epoch " + epoch + "): this node stops acting as the primary");
                onLost.run();
                return;
            }
            LockSupport.parkNanos(every);
            if (closed)
            {
                return;
            }
            final long start = System.nanoTime();
            try
            {
                if (expireIn(settings.ttlMillis()))
                {
                    validUntilNanos = start + validityNanos(settings);
                    if (failing)
                    {
                        log.accept("lease: renewed again (epoch " + epoch + ")");
                    }
                    failing = false;
                }
                else
                {
                    lost = true;
                    log.accept("lease: taken by " + describe(settings) + "; this node stops writing (epoch " + epoch + ")");
                }
            }
            catch (final SQLException ex)
            {
                if (!failing)
                {
                    log.accept("lease: renewal failed (" + ex.getMessage() + "); writes stop when the lease runs out");
                }
                failing = true;
            }
        }
    }

    /** @return false when the row is no longer ours */
    private boolean expireIn(final long millis) throws SQLException
    {
        try (Connection connection = connect(settings); PreparedStatement update = connection.prepareStatement(EXPIRE_IN))
        {
            update.setLong(1, millis);
            update.setString(2, settings.holder());
            update.setLong(3, epoch);
            update.setString(4, settings.name());
            return update.executeUpdate() == 1;
        }
    }

    private static long validityNanos(final Settings settings)
    {
        return TimeUnit.MILLISECONDS.toNanos(settings.ttlMillis() - settings.ttlMillis() / 10);
    }

    /** A connection, the lease table created if this is the first node to ask. */
    private static Connection open(final Settings settings) throws SQLException
    {
        final Connection connection = connect(settings);
        try (Statement create = connection.createStatement())
        {
            create.execute(CREATE);
        }
        catch (final SQLException ex)
        {
            connection.close();
            throw ex;
        }
        return connection;
    }

    private static Connection connect(final Settings settings) throws SQLException
    {
        final Properties properties = new Properties();
        if (settings.user() != null)
        {
            properties.setProperty("user", settings.user());
        }
        if (settings.password() != null)
        {
            properties.setProperty("password", settings.password());
        }
        // a lease check must not outlive the lease: fail fast, the next round tries again
        final long seconds = Math.max(1, settings.ttlMillis() / 3_000);
        properties.setProperty("connectTimeout", Long.toString(seconds));
        properties.setProperty("socketTimeout", Long.toString(seconds));
        properties.setProperty("loginTimeout", Long.toString(seconds));
        return DriverManager.getConnection(settings.url(), properties);
    }

    /** Stops renewing (the lease then lapses after its ttl: a replica takes over). */
    @Override
    public void close()
    {
        closed = true;
        LockSupport.unpark(renewer);
    }

    /**
     * Stops renewing and gives the lease up now, if it is still ours: a clean shutdown hands over at
     * once instead of after the ttl. Best effort: if Postgres is away the lease lapses by itself.
     */
    public void release()
    {
        close();
        try
        {
            // a renewal in flight must not extend the lease after it was given up; bounded, as the
            // renewer may be telling the server (which is closing) that the lease was lost
            renewer.join(settings.ttlMillis());
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return;
        }
        try
        {
            if (expireIn(0))
            {
                log.accept("lease: released (epoch " + epoch + ")");
            }
        }
        catch (final SQLException ex)
        {
            log.accept("lease: not released (" + ex.getMessage() + "); it lapses in " + settings.ttlMillis() + " ms");
        }
    }
}
