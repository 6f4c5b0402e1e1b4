package io.flashsale.replica;

import io.flashsale.journal.DataDirectory;
import io.flashsale.journal.JournalFollower;
import io.flashsale.journal.JournalQueue;
import io.flashsale.replica.JournalShipper;
import io.flashsale.journal.SnapshotFiles;
import io.flashsale.journal.SnapshotTaker;
import io.flashsale.journal.JournalSettings;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One shard of a replica, on a thread of its own: asks the primary for the documents after the
 * last index it holds, appends each to its own journal exactly as received (and acknowledges it with
 * its last index, for a synchronous primary), and has a
 * {@link JournalFollower} apply them (state-hash checkpoints checked as in recovery). A lost
 * connection is retried with backoff from wherever the local journal ends.
 */
final class ShardReceiver implements AutoCloseable
{
    private static final int MAX_DOCUMENT = 64 << 20;

    private final DataDirectory directory;
    private final int shard;
    /** Asked at every (re)connection: after a failover elsewhere in the group, the new primary. */
    private final Supplier<InetSocketAddress> primary;
    private final JournalSettings settings;
    private final FollowProgress progress;
    private final Consumer<String> log;
    private final Thread thread;
    private static final long NEVER = Long.MIN_VALUE;
    /** How long a silent primary is waited for before the connection is dropped. */
    static final long SILENCE_NANOS = TimeUnit.SECONDS.toNanos(5);
    private volatile boolean running = true;
    private volatile Socket socket;
    /** When the primary was last heard (a document or a heartbeat), on the monotonic clock. */
    private volatile long heardAtNanos = NEVER;

    ShardReceiver(final DataDirectory directory, final int shard, final Supplier<InetSocketAddress> primary,
        final JournalSettings settings, final FollowProgress progress, final Consumer<String> log)
    {
        this.directory = directory;
        this.shard = shard;
        this.primary = primary;
        this.settings = settings;
        this.progress = progress;
        this.log = log;
        this.thread = new Thread(this::run, "replica-shard-" + shard);
        this.thread.setDaemon(true);
    }

    void start()
    {
        thread.start();
    }

    /**
     * Asks for a shard's documents after {@code afterIndex}, our last document's digest attached so the
     * primary can tell whether it holds the same history; the answer starts with the primary's layout.
     */
    static DataInputStream ship(final Socket socket, final int shard, final long afterIndex, final long lastDigest)
        throws IOException
    {
        socket.setTcpNoDelay(true);
        socket.setSoTimeout((int)TimeUnit.NANOSECONDS.toMillis(SILENCE_NANOS)); // heartbeats come every second: silence means it is gone
        socket.getOutputStream().write(("SHIP " + shard + " " + afterIndex + " " + lastDigest + "\n")
            .getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return new DataInputStream(new BufferedInputStream(socket.getInputStream(), 1 << 16));
    }

    /** Reads one frame: its length, then its bytes; heartbeats (empty frames) are skipped. */
    static byte[] frame(final DataInputStream in) throws IOException
    {
        return frame(in, () -> { });
    }

    private static byte[] frame(final DataInputStream in, final Runnable heard) throws IOException
    {
        int length;
        do
        {
            length = in.readInt();
            heard.run();
        }
        while (length == 0);
        if (length == JournalShipper.DIVERGED)
        {
            throw new IllegalStateException("the primary's journal and ours hold different histories: not following " +
                "(with asynchronous replication our tail may hold writes acknowledged to shoppers: an operator decides, " +
                "scripts/journal.sh truncate --after N keeps a backup; with synchronous replication a restart cuts it)");
        }
        if (length < 0 || length > MAX_DOCUMENT)
        {
            throw new IOException("frame of " + length + " bytes is not one of ours");
        }
        final byte[] bytes = new byte[length];
        in.readFully(bytes);
        return bytes;
    }

    private void run()
    {
        try
        {
            follow();
        }
        catch (final RuntimeException ex)
        {
            progress.failed();
            log.accept("replica shard " + shard + ": stopped following: " + ex);
        }
    }

    private void follow()
    {
        // our own journal: a torn tail (a replica killed mid-append) is cut before we follow it
        try (JournalFollower follower = JournalFollower.startOwning(directory, shard, settings, progress.view(shard), JournalFollower.Observer.NONE, log);
             JournalQueue local = JournalQueue.open(directory.journal(shard), settings.rollCycle(), false);
             // snapshots of our own journal: a promotion (or a restart) replays from the newest, not from index 1
             SnapshotTaker snapshots = new SnapshotTaker(directory, shard, settings, newestSnapshotIndex(), log))
        {
            progress.applied(shard, follower.lastApplied());
            final DocumentCheck check = new DocumentCheck(follower.lastApplied(), local.lastDocumentDigest());
            long backoff = 100;
            while (running)
            {
                try (Socket connection = new Socket())
                {
                    socket = connection;
                    if (!running)
                    {
                        break;
                    }
                    final InetSocketAddress following = primary.get();
                    connection.connect(following, 5_000);
                    final DataInputStream in = ship(connection, shard, check.lastIndex(), check.lastDigest());
                    final DataOutputStream acks = new DataOutputStream(connection.getOutputStream());
                    frame(in); // the layout: ours already agrees
                    log.accept("replica shard " + shard + ": following " + following + " after index " + follower.lastApplied() + " (digest " + check.lastDigest() + ")");
                    backoff = 100;
                    while (running)
                    {
                        final byte[] document = frame(in, this::heard);
                        check.accept(document); // continues our journal exactly, or we stop before appending
                        local.append(document, 0, document.length);
                        acks.writeLong(check.lastIndex()); // in our journal now: a synchronous primary may answer
                        while (follower.poll(64) > 0)
                        {
                            progress.applied(shard, follower.lastApplied());
                        }
                    }
                }
                catch (final IOException ex)
                {
                    if (running)
                    {
                        log.accept("replica shard " + shard + ": primary " + primary.get() + " not reachable (" + ex.getMessage() +
                            "); again in " + backoff + " ms");
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(backoff));
                        backoff = Math.min(backoff * 2, 2_000);
                    }
                }
            }
        }
    }

    int shard()
    {
        return shard;
    }

    private void heard()
    {
        heardAtNanos = System.nanoTime();
    }

    /** How long since the primary was last heard; Long.MAX_VALUE if never. */
    long silentNanos()
    {
        final long heard = heardAtNanos;
        return heard == NEVER ? Long.MAX_VALUE : System.nanoTime() - heard;
    }

    private long newestSnapshotIndex()
    {
        final var files = directory.snapshots(shard).newestFirst();
        return files.isEmpty() ? 0 : SnapshotFiles.indexOf(files.get(0));
    }

    @Override
    public void close()
    {
        running = false;
        final Socket current = socket;
        if (current != null)
        {
            try
            {
                current.close();
            }
            catch (final IOException ex)
            {
                // closing
            }
        }
        LockSupport.unpark(thread); // out of a reconnect back-off at once
        try
        {
            thread.join(); // wholly (its snapshot taker too): a promotion then owns the directory alone
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
