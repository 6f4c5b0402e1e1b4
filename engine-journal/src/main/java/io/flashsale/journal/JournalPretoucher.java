package io.flashsale.journal;

import org.agrona.IoUtil;

import java.io.File;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Touches the journal file's pages ahead of the appender, on a thread of its own, so the journal's
 * thread (the logic thread) finds them in the page cache and ready to write.
 * <p>
 * The first write to a page of a file mapping is a page fault in which the file system allocates
 * the page and reserves its block: on this box's ext4 about 7 µs a 4 KB page, 120 ns a journaled
 * command, half the journal's cost (measured against the same journal on tmpfs). Chronicle's own
 * pretoucher is an enterprise feature. Here a second mapping of the same file writes each page
 * first, with a compare-and-set of 0 to 0 on its first int: it changes nothing (a page the appender
 * has reached keeps its bytes, a page it has not is zeros either way) yet makes the page resident,
 * dirty and allocated; the appender's own mapping then takes only a minor fault on it.
 * <p>
 * The cost: a file the appender leaves (a roll, a stop) keeps up to {@link #AHEAD} bytes of
 * allocated zeros past its end, and nothing is touched while the disk has less than that and a
 * margin free (a first write to a page of a full disk is a SIGBUS, not an exception).
 */
final class JournalPretoucher implements AutoCloseable
{
    /** How far past the appender's position pages are made ready: a few milliseconds of a burst. */
    static final long AHEAD = 8L << 20;
    private static final int PAGE = 4096;
    /** Mapped a window at a time, re-mapped as the appender moves on. */
    private static final long WINDOW = 64L << 20;
    /** Disk left free beyond the pages ahead before any is touched. */
    private static final long SPARE_DISK = 64L << 20;
    private static final long PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());

    private final Thread thread;
    private volatile boolean running = true;
    private volatile File file;
    private volatile long position;
    /** Read by tests: pages this pretoucher has made ready. */
    private volatile long pagesTouched;

    private File mappedFile;
    private FileChannel channel;
    private MappedByteBuffer window;
    private long windowStart;
    private long touchedUpTo;

    JournalPretoucher(final String name)
    {
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Called by the appender after each document: where in which file it has written up to. */
    void appended(final File currentFile, final long writePosition)
    {
        position = writePosition; // first: whoever reads the new file after it reads a position in it
        if (currentFile != file)
        {
            file = currentFile;
        }
    }

    long pagesTouched()
    {
        return pagesTouched;
    }

    private void run()
    {
        while (running)
        {
            try
            {
                touchAhead();
            }
            catch (final IOException | RuntimeException | InternalError ex)
            {
                // a file rolled, shrunk (InternalError: a mapped page gone) or closed under us: the next
                // round starts afresh; the appender never waits on this
                unmap();
            }
            LockSupport.parkNanos(PERIOD_NANOS);
        }
        unmap();
    }

    private void touchAhead() throws IOException
    {
        final File current = file;
        if (current == null)
        {
            return;
        }
        if (!current.equals(mappedFile))
        {
            unmap();
            channel = FileChannel.open(current.toPath(), StandardOpenOption.READ, StandardOpenOption.WRITE);
            mappedFile = current;
            touchedUpTo = 0;
        }
        final long from = Math.max(touchedUpTo, position & -PAGE);
        final long to = Math.min(position + AHEAD, channel.size()) & -PAGE; // never past the file: Chronicle grows it
        if (from >= to || Files.getFileStore(current.toPath()).getUsableSpace() < AHEAD + SPARE_DISK)
        {
            return; // a first write to a page of a full disk is a SIGBUS: near full, the appender meets it itself
        }
        long touched = 0;
        for (long page = from; page < to && running; page += PAGE)
        {
            if (window == null || page < windowStart || page >= windowStart + window.capacity())
            {
                unmapWindow();
                windowStart = page & -WINDOW;
                window = channel.map(FileChannel.MapMode.READ_WRITE, windowStart, Math.min(WINDOW, channel.size() - windowStart));
            }
            INT.compareAndSet(window, (int)(page - windowStart), 0, 0);
            touched++;
        }
        touchedUpTo = to;
        pagesTouched += touched;
    }

    /** At once, not at the next GC: a quiet process would otherwise keep every old window mapped. */
    private void unmapWindow()
    {
        if (window != null)
        {
            IoUtil.unmap(window);
            window = null;
        }
    }

    private void unmap()
    {
        unmapWindow();
        mappedFile = null;
        if (channel != null)
        {
            try
            {
                channel.close();
            }
            catch (final IOException ignored)
            {
                // closing a read-write channel of a journal file we only touched
            }
            channel = null;
        }
    }

    @Override
    public void close()
    {
        running = false;
        LockSupport.unpark(thread);
        try
        {
            thread.join(1000);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
