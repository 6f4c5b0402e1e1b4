package io.flashsale.replica;

import io.flashsale.journal.AppendSignal;
import io.flashsale.journal.DataDirectory;
import io.flashsale.journal.DocumentReader;
import io.flashsale.journal.JournalQueue;
import io.flashsale.journal.JournalSettings;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.DataInputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * The primary's end of log shipping: a replica asks {@code SHIP <shard> <afterIndex> [<digest>]} and
 * gets the data directory's layout (engine.properties) and then every journal document of that shard
 * whose commands come after the index, byte for byte, as they are appended — one frame each
 * ({@code int length, bytes}; an empty frame is a heartbeat). The replica appends them to a journal
 * of its own, so it holds the same records, checkpoints and epochs. Reads only; a thread per replica,
 * parked on the shard's {@link AppendSignal} while it has shipped everything, woken by the next append.
 * <p>
 * The digest is that of the replica's last document ({@link JournalQueue#digestOf}). Unless one of
 * ours ending at the same index has the same bytes, the two journals hold different histories (this
 * primary lost a tail the replica had, then wrote other commands at the same indexes): the replica
 * gets a {@link #DIVERGED} frame instead of documents that would graft our history onto its own.
 * <p>
 * The replica acknowledges every document once it is in its own journal: the document's last
 * journal index, a {@code long} on the same connection. A reader thread per replica hands them to
 * {@link ReplicaAcks}, which synchronous replication waits on, and tells the {@link LagListener} how
 * long after its batch's append each acknowledgement came.
 */
public final class JournalShipper implements AutoCloseable
{
    /** An empty frame when nothing was sent for this long: a replica that went away is noticed. */
    private static final long HEARTBEAT_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** The frame length that tells a replica its journal and ours disagree: it must stop following. */
    public static final int DIVERGED = -2;

    private final DataDirectory directory;
    private final JournalSettings settings;
    private final Consumer<String> log;
    private final ServerSocket server;
    private final ReplicaAcks acks;
    /** Per shard: wakes a shipping thread at each append, and says when each batch was appended. */
    private final IntFunction<AppendSignal> appended;
    private final LagListener lag;
    private final java.util.Set<Socket> replicas = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile boolean running = true;

    /** Told, for each acknowledgement, how long after its batch's append it came (nanoseconds). */
    @FunctionalInterface
    public interface LagListener
    {
        void lag(int shard, long nanos);
    }

    public JournalShipper(final DataDirectory directory, final JournalSettings settings, final String host, final int port,
        final IntFunction<AppendSignal> appended, final ReplicaAcks acks, final LagListener lag, final Consumer<String> log)
        throws IOException
    {
        this.directory = directory;
        this.appended = appended;
        this.acks = acks;
        this.lag = lag;
        this.settings = settings;
        this.log = log;
        this.server = new ServerSocket(port, 16, InetAddress.getByName(host));
        final Thread acceptor = new Thread(this::accept, "journal-shipper");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port()
    {
        return server.getLocalPort();
    }

    private void accept()
    {
        while (running)
        {
            try
            {
                final Socket replica = server.accept();
                final Thread shipping = new Thread(() -> ship(replica), "journal-shipper-" + replica.getPort());
                shipping.setDaemon(true);
                shipping.start();
            }
            catch (final IOException ex)
            {
                if (running)
                {
                    log.accept("journal shipper: accept failed: " + ex.getMessage());
                }
            }
        }
    }

    private void ship(final Socket replica)
    {
        replicas.add(replica);
        try (replica)
        {
            replica.setTcpNoDelay(true);
            replica.setSoTimeout(10_000); // for the request line only
            final DataInputStream in = new DataInputStream(new BufferedInputStream(replica.getInputStream(), 256));
            final String[] ask = requestLine(in).trim().split(" ");
            if (ask.length < 3 || ask.length > 4 || !ask[0].equals("SHIP"))
            {
                return;
            }
            final int shard = Integer.parseInt(ask[1]);
            final long after = Long.parseLong(ask[2]);
            final long digest = ask.length == 4 ? Long.parseLong(ask[3]) : JournalQueue.NO_DOCUMENT;
            if (shard < 0 || shard >= directory.layout().shards())
            {
                return;
            }
            log.accept("journal shipper: replica " + replica.getRemoteSocketAddress() + " follows shard " + shard +
                " after index " + after);
            replica.setSoTimeout(0); // from here on: acknowledgements, as documents are shipped
            readAcks(replica, in, shard);
            final DataOutputStream out = new DataOutputStream(new BufferedOutputStream(replica.getOutputStream(), 1 << 16));
            final byte[] layout = Files.readAllBytes(directory.root().resolve("engine.properties"));
            out.writeInt(layout.length);
            out.write(layout);
            out.flush();
            stream(shard, after, digest, out);
        }
        catch (final SocketException ex)
        {
            // the replica went away
        }
        catch (final IOException | RuntimeException ex)
        {
            log.accept("journal shipper: stopped shipping to " + replica.getRemoteSocketAddress() + ": " + ex);
        }
        finally
        {
            replicas.remove(replica);
        }
    }

    /** The request line, read byte by byte so that nothing after it is taken from the acknowledgements. */
    private static String requestLine(final DataInputStream in) throws IOException
    {
        final StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read())
        {
            if (b < 0 || line.length() > 200)
            {
                throw new IOException("no request line");
            }
            line.append((char)b);
        }
        return line.toString();
    }

    /** A thread of its own reads the replica's acknowledgements until the connection ends. */
    private void readAcks(final Socket replica, final DataInputStream in, final int shard)
    {
        final Thread reader = new Thread(() ->
        {
            try
            {
                final AppendSignal signal = appended.apply(shard);
                while (running)
                {
                    final long index = in.readLong();
                    acks.acknowledge(shard, index);
                    final long appendedAt = signal.appendedAtNanos(index);
                    if (appendedAt != Long.MIN_VALUE)
                    {
                        lag.lag(shard, System.nanoTime() - appendedAt);
                    }
                }
            }
            catch (final IOException ex)
            {
                // the replica went away: its shipping thread notices too
            }
        }, "journal-acks-" + replica.getPort());
        reader.setDaemon(true);
        reader.start();
    }

    private void stream(final int shard, final long after, final long replicaDigest, final DataOutputStream out)
        throws IOException
    {
        boolean sameHistory = after == 0 || replicaDigest == JournalQueue.NO_DOCUMENT;
        final DocumentReader reader = new DocumentReader();
        final DocumentIndexes indexes = new DocumentIndexes();
        final AppendSignal signal = appended.apply(shard);
        try (JournalQueue queue = JournalQueue.open(directory.journal(shard), settings.rollCycle(), false);
             AppendSignal.Waiter waiter = signal.waiter())
        {
            final ExcerptTailer tailer = queue.tailer();
            long lastSent = System.nanoTime();
            while (running)
            {
                final long seen = signal.appends(); // read before looking: an append after it wakes us
                final int length;
                try (DocumentContext document = tailer.readingDocument())
                {
                    length = document.isPresent() ? reader.copy(document.wire().bytes()) : 0;
                }
                if (length == 0)
                {
                    if (System.nanoTime() - lastSent > HEARTBEAT_NANOS)
                    {
                        out.writeInt(0);
                        lastSent = System.nanoTime();
                    }
                    out.flush(); // what this burst shipped goes now, in as few writes as it filled
                    waiter.awaitAppendAfter(seen, HEARTBEAT_NANOS);
                    continue;
                }
                final long highest = indexes.highest(reader.bytes(), length);
                if (highest == after && !sameHistory)
                {
                    sameHistory = JournalQueue.digestOf(reader.bytes(), length) == replicaDigest;
                }
                if (highest > after && !sameHistory)
                {
                    log.accept("journal shipper: a replica's shard " + shard + " journal ends at index " + after +
                        " with a document this journal does not hold: the histories diverged; not shipping");
                    out.writeInt(DIVERGED);
                    out.flush();
                    return;
                }
                if (highest > after)
                {
                    out.writeInt(length);
                    out.write(reader.bytes(), 0, length);
                    lastSent = System.nanoTime();
                }
            }
        }
    }

    @Override
    public void close()
    {
        running = false;
        try
        {
            server.close();
            for (final Socket replica : replicas)
            {
                replica.close(); // a shipping thread blocked writing to a stalled replica gets out
            }
        }
        catch (final IOException ex)
        {
            // closing
        }
    }
}
