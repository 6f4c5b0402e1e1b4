package io.flashsale.replica;

import io.flashsale.journal.DataDirectory;
import io.flashsale.journal.DocumentReader;
import io.flashsale.journal.JournalQueue;
import io.flashsale.journal.JournalRepair;
import io.flashsale.journal.JournalSettings;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.collections.LongArrayList;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Before a node follows a primary: does its own journal continue into the primary's? A node that
 * was the primary and lost the lease (killed, cut off) may hold a tail the group never had. Under
 * synchronous replication no shopper was answered for that tail (an answer waited for a replica),
 * so it is cut: the journal keeps the longest prefix the primary holds too, the rest moves under
 * {@code backup/} (snapshots past it as well), and the node catches up from there. Under
 * asynchronous replication such a tail may hold acknowledged writes: this is not run, and the
 * follower stops at the primary's DIVERGED answer instead (health 503, the reason logged): the
 * decision is an operator's.
 * <p>
 * The common prefix is found by asking the primary, document boundary by boundary (binary search:
 * histories that agree at a document agree at every earlier one), the same SHIP question a
 * replica asks: a document in answer means the primary holds ours up to that boundary; DIVERGED,
 * or nothing new in time, means it does not (cutting a document the primary holds only costs
 * fetching it again).
 */
final class Rejoin
{
    private static final long PROBE_NANOS = TimeUnit.MILLISECONDS.toNanos(1_500);

    private Rejoin()
    {
    }

    /**
     * Synchronous replication only: cuts what the primary does not hold.
     *
     * @throws IllegalStateException when the two journals differ from their first document.
     */
    static void prepare(final DataDirectory directory, final int shard, final InetSocketAddress primary,
        final JournalSettings settings, final Consumer<String> log) throws IOException
    {
        final LongArrayList indexes = new LongArrayList();
        final LongArrayList digests = new LongArrayList();
        boundaries(directory, shard, settings, indexes, digests);
        final int last = indexes.size() - 1;
        if (last < 0 || holds(primary, shard, indexes.getLong(last), digests.getLong(last)))
        {
            return;
        }
        int agreed = -1; // the last boundary the primary holds; every later one it does not
        int lo = 0;
        int hi = last - 1;
        while (lo <= hi)
        {
            final int mid = (lo + hi) >>> 1;
            if (holds(primary, shard, indexes.getLong(mid), digests.getLong(mid)))
            {
                agreed = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }
        if (agreed < 0)
        {
            throw new IllegalStateException("shard " + shard + ": this node's journal and the primary's differ from " +
                "their first document: another sale's data directory? not cut by itself");
        }
        final long keep = indexes.getLong(agreed);
        final Path backup = JournalRepair.cutAfter(directory.journal(shard), keep, directory.backups(), settings.rollCycle());
        directory.snapshots(shard).moveAfter(keep, backup.resolveSibling(backup.getFileName() + "-snapshots"));
        log.accept("rejoin: shard " + shard + " cut after index " + keep + " (indexes " + (keep + 1) + ".." +
            indexes.getLong(last) + " were never acknowledged by the group; kept in " + backup + "); catching up");
    }

    /** Every document's highest index and digest, oldest first. */
    private static void boundaries(final DataDirectory directory, final int shard, final JournalSettings settings,
        final LongArrayList indexes, final LongArrayList digests)
    {
        final DocumentReader reader = new DocumentReader();
        final DocumentIndexes highest = new DocumentIndexes();
        try (JournalQueue queue = JournalQueue.open(directory.journal(shard), settings.rollCycle(), false))
        {
            final ExcerptTailer tailer = queue.tailer();
            while (true)
            {
                try (DocumentContext document = tailer.readingDocument())
                {
                    if (!document.isPresent())
                    {
                        return;
                    }
                    final int length = reader.copy(document.wire().bytes());
                    indexes.addLong(highest.highest(reader.bytes(), length));
                    digests.addLong(JournalQueue.digestOf(reader.bytes(), length));
                }
            }
        }
    }

    /** Does the primary hold our journal up to this document? */
    private static boolean holds(final InetSocketAddress primary, final int shard, final long index, final long digest)
        throws IOException
    {
        try (Socket socket = new Socket())
        {
            socket.connect(primary, 5_000);
            final DataInputStream in = ShardReceiver.ship(socket, shard, index, digest);
            ShardReceiver.frame(in); // the layout
            socket.setSoTimeout((int)TimeUnit.NANOSECONDS.toMillis(PROBE_NANOS));
            final long deadline = System.nanoTime() + PROBE_NANOS;
            while (System.nanoTime() - deadline < 0)
            {
                final int length = in.readInt();
                if (length == JournalShipper.DIVERGED)
                {
                    return false;
                }
                if (length > 0)
                {
                    return true; // the next document after ours: the same history up to here
                }
            }
            return false;
        }
        catch (final SocketTimeoutException ex)
        {
            return false;
        }
    }
}
