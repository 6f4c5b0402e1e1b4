package io.flashsale.replica;

import io.flashsale.engine.shard.ShardView;
import io.flashsale.journal.DataDirectory;
import io.flashsale.journal.JournalQueue;
import io.flashsale.journal.JournalSettings;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A replica's engine side: a {@link ShardReceiver} per shard keeping a journal and an engine in step
 * with the primary's (and snapshots of that journal, so a promotion does not replay it from the
 * start). Readers see each shard through a {@link ShardView}, as on the primary. No HTTP here: the
 * composition root puts a read-only gateway over {@link #views()}.
 */
public final class Follower implements AutoCloseable
{
    private final DataDirectory directory;
    private final List<ShardReceiver> receivers;
    private final FollowProgress progress;

    private Follower(final DataDirectory directory, final List<ShardReceiver> receivers, final FollowProgress progress)
    {
        this.directory = directory;
        this.receivers = receivers;
        this.progress = progress;
    }

    /**
     * A new data directory is laid out as the primary's first (same shard count and sizes), so replays
     * here are the primary's.
     *
     * @param primary where to follow now; {@code following} is asked again at every reconnection
     *                (the lease row's primary, after a failover elsewhere in the group).
     * @param rejoin  synchronous replication: a tail of ours the primary does not hold was never
     *                acknowledged to anyone, and is cut before following ({@link Rejoin}).
     */
    public static Follower start(final InetSocketAddress primary, final Supplier<InetSocketAddress> following,
        final Path dataDir, final JournalSettings journal, final boolean rejoin, final Consumer<String> log)
        throws IOException
    {
        final DataDirectory directory = new DataDirectory(dataDir);
        if (!directory.exists())
        {
            copyLayout(primary, directory);
            log.accept("replica: new data directory " + directory.root() + " laid out as the primary's");
        }
        else if (rejoin)
        {
            for (int shard = 0; shard < directory.layout().shards(); shard++)
            {
                Rejoin.prepare(directory, shard, primary, journal, log);
            }
        }
        final int shards = directory.layout().shards();
        final FollowProgress progress = new FollowProgress(shards);
        final List<ShardReceiver> receivers = new ArrayList<>();
        for (int shard = 0; shard < shards; shard++)
        {
            final ShardReceiver receiver = new ShardReceiver(directory, shard, following, journal, progress, log);
            receivers.add(receiver);
            receiver.start();
        }
        return new Follower(directory, receivers, progress);
    }

    /** What readers see, one view per shard. */
    public List<ShardView> views()
    {
        return progress.views();
    }

    public DataDirectory directory()
    {
        return directory;
    }

    /** False once a shard stopped following (the histories disagree, or its own journal is damaged). */
    public boolean healthy()
    {
        return progress.healthy();
    }

    /** The sum over shards of the last index applied. */
    public long journalIndex()
    {
        return progress.journalIndex();
    }

    /**
     * Why this replica must not become the primary now, or null when it may: a shard stopped following
     * (its journal and the primary's disagreed), or the primary has not been heard for longer than the
     * lease's failover takes (two ttls and the heartbeat timeout) — a replica cut off for an hour
     * would otherwise sell again what was sold in that hour.
     */
    public String unfitToTakeOver(final long leaseTtlMillis)
    {
        if (!progress.healthy())
        {
            return "a shard stopped following the primary";
        }
        final long allowed = TimeUnit.MILLISECONDS.toNanos(2 * leaseTtlMillis) + ShardReceiver.SILENCE_NANOS;
        for (final ShardReceiver receiver : receivers)
        {
            final long silent = receiver.silentNanos();
            if (silent > allowed)
            {
                // no duration in the reason: the watch logs a reason once, not every round
                return "shard " + receiver.shard() + " has not heard the primary " +
                    (silent == Long.MAX_VALUE ? "at all" : "for over " + TimeUnit.NANOSECONDS.toMillis(allowed) + " ms");
            }
        }
        return null;
    }

    /** The primary's engine.properties, so replays here use the same sizes and shard count. */
    private static void copyLayout(final InetSocketAddress primary, final DataDirectory directory) throws IOException
    {
        try (Socket socket = new Socket())
        {
            socket.connect(primary, 5_000);
            final DataInputStream in = ShardReceiver.ship(socket, 0, Long.MAX_VALUE, JournalQueue.NO_DOCUMENT);
            final byte[] layout = ShardReceiver.frame(in);
            Files.createDirectories(directory.root());
            final Path temporary = directory.root().resolve("engine.properties.tmp");
            Files.write(temporary, layout);
            Files.move(temporary, directory.root().resolve("engine.properties"), StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /** Stops following; each shard's journal ends at a whole document, and nothing here writes any more. */
    @Override
    public void close()
    {
        receivers.forEach(ShardReceiver::close);
    }
}
