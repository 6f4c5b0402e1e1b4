package io.flashsale.replica;

import io.flashsale.replica.lease.PrimaryLease;

import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * A replica's watch on the primary lease, every 100 ms on a thread of its own: when the
 * primary lets it lapse (killed, hung, cut off) and this replica is fit ({@link Follower#unfitToTakeOver}),
 * it takes the lease with a higher epoch and hands it to the {@link Promotion}. It never takes a
 * lease nobody held (a primary may run without one).
 */
public final class LeaseWatch implements AutoCloseable
{
    /** What the node does with a lease it took: stop following and serve as the primary. */
    @FunctionalInterface
    public interface Promotion
    {
        /** On the watch's thread; owns the lease from now on (closes it if it cannot serve). */
        void promote(PrimaryLease lease);
    }

    private static final long LOOK_EVERY_MILLIS = 100;

    private final PrimaryLease.Settings lease;
    private final Follower follower;
    private final Promotion promotion;
    private final Consumer<String> log;
    private final Thread thread;
    private volatile boolean closed;
    /** The holder's HTTP base and replication address as the row said at the last look, or null. */
    private volatile String primaryHttp;
    private volatile String primaryReplication;

    private LeaseWatch(final PrimaryLease.Settings lease, final Follower follower, final Promotion promotion,
        final Consumer<String> log)
    {
        this.lease = lease;
        this.follower = follower;
        this.promotion = promotion;
        this.log = log;
        this.thread = new Thread(this::watch, "replica-lease-watch");
        thread.setDaemon(true);
    }

    public static LeaseWatch start(final PrimaryLease.Settings lease, final Follower follower, final Promotion promotion,
        final Consumer<String> log)
    {
        final LeaseWatch watch = new LeaseWatch(lease, follower, promotion, log);
        watch.thread.start();
        return watch;
    }

    private void watch()
    {
        // a look every 100 ms (or a third of a short ttl): the take-over follows the lapse within one look
        final long every = TimeUnit.MILLISECONDS.toNanos(Math.max(1, Math.min(LOOK_EVERY_MILLIS, lease.ttlMillis() / 3)));
        String lastFailure = null;
        String lastRefusal = null;
        while (!closed)
        {
            try
            {
                final PrimaryLease.Holding now = PrimaryLease.holding(lease);
                primaryHttp = now == null || now.lapsed() ? null : now.http();
                primaryReplication = now == null || now.lapsed() ? null : now.replication();
                final String unfit = follower.unfitToTakeOver(lease.ttlMillis());
                if (unfit == null)
                {
                    final Optional<PrimaryLease> taken = PrimaryLease.takeOver(lease, now, log);
                    if (taken.isPresent())
                    {
                        promotion.promote(taken.get());
                        return;
                    }
                }
                else if (!unfit.equals(lastRefusal))
                {
                    if (now != null && now.lapsed())
                    {
                        log.accept("replica: the primary's lease lapsed but this replica will not take over: " + unfit +
                            "; an operator must decide");
                        lastRefusal = unfit;
                    }
                }
                lastFailure = null;
            }
            catch (final SQLException ex)
            {
                if (!ex.getMessage().equals(lastFailure))
                {
                    log.accept("replica: lease not readable (" + ex.getMessage() + "); watching on");
                }
                lastFailure = ex.getMessage();
            }
            LockSupport.parkNanos(every);
        }
    }

    /** Where the primary serves shoppers ({@code http://host:port}) as its lease row says, or null. */
    public String primaryHttp()
    {
        return primaryHttp;
    }

    /** Where the primary ships its journal ({@code host:port}) as its lease row says, or null. */
    public String primaryReplication()
    {
        return primaryReplication;
    }

    /** Stops watching; a promotion under way finishes first. */
    @Override
    public void close()
    {
        closed = true;
        LockSupport.unpark(thread);
        if (Thread.currentThread() == thread)
        {
            return;
        }
        try
        {
            thread.join(60_000);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
