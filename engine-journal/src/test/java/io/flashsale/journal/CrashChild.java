package io.flashsale.journal;

import io.flashsale.engine.command.Command;
import io.flashsale.engine.command.CommandRequest;
import io.flashsale.engine.command.CommandType;
import io.flashsale.engine.command.ResultCode;
import io.flashsale.engine.shard.CommandCompletionListener;
import io.flashsale.engine.shard.EngineShard;
import io.flashsale.engine.shard.PublishedSku;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The process {@link CrashRecoveryTest} kills: the engine with its journal under load from several
 * threads, printing {@code ACK shard reservationId user} for each hold it acknowledges (after
 * journal and logic, like a reply), until it is killed with -9. Each line ends with {@code END}: the
 * kill can cut the last line short, and a cut line must not be read as another reservation.
 */
public final class CrashChild
{
    static final String HOT = "SKU-A";
    static final int STOCK = 2_000_000;

    private CrashChild()
    {
    }

    /** Prints acknowledgements; flushed at each batch end, so what is printed was journaled first. */
    static final class AckPrinter implements CommandCompletionListener
    {
        private final BufferedWriter out;

        AckPrinter(final BufferedWriter out)
        {
            this.out = out;
        }

        @Override
        public void onCommandComplete(final Command command)
        {
            if (command.type == CommandType.RESERVE && command.result == ResultCode.OK)
            {
                synchronized (out)
                {
                    try
                    {
                        out.write("ACK " + io.flashsale.engine.command.ReservationId.shardOf(command.resultReservationId) +
                            " " + command.resultReservationId + " " +
                            new String(command.userId, 0, command.userIdLength, StandardCharsets.US_ASCII) + " END\n");
                    }
                    catch (final IOException ex)
                    {
                        throw new UncheckedIOException(ex);
                    }
                }
            }
        }

        @Override
        public void onBatchEnd()
        {
            synchronized (out)
            {
                try
                {
                    out.flush();
                }
                catch (final IOException ex)
                {
                    throw new UncheckedIOException(ex);
                }
            }
        }
    }

    public static void main(final String[] args) throws Exception
    {
        final Path dir = Path.of(args[0]);
        final int threads = Integer.parseInt(args[1]);
        final BufferedWriter out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.US_ASCII), 1 << 16);
        final AckPrinter printer = new AckPrinter(out);
        final JournaledEngine engine = JournaledEngine.start(dir, JournalFixture.layout(2, 1000),
            JournalFixture.settings(20_000), JournalFixture.shardSettings(), shard -> printer, line -> { });
        for (final String sku : JournalFixture.SKUS)
        {
            if (engine.shardFor(sku).view().find(sku) == null)
            {
                JournalFixture.publish(engine.shardFor(sku), new CommandRequest.UpsertProduct(
                    JournalFixture.product(sku, sku.equals(HOT) ? STOCK : 50), System.currentTimeMillis(), 0));
            }
        }
        for (final String sku : JournalFixture.SKUS)
        {
            while (engine.shardFor(sku).view().find(sku) == null)
            {
                Thread.onSpinWait();
            }
        }
        synchronized (out)
        {
            out.write("READY\n");
            out.flush();
        }
        final List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++)
        {
            final int thread = t;
            workers.add(Thread.ofPlatform().start(() ->
            {
                final ThreadLocalRandom random = ThreadLocalRandom.current();
                final long run = System.nanoTime();
                for (long i = 0; ; i++)
                {
                    final String sku = JournalFixture.SKUS.get(random.nextInt(JournalFixture.SKUS.size()));
                    final EngineShard shard = engine.shardFor(sku);
                    final PublishedSku published = shard.view().find(sku);
                    final byte[] user = ("u" + run + "-" + thread + "-" + i).getBytes(StandardCharsets.US_ASCII);
                    while (!shard.tryPublish(new CommandRequest.Reserve(published.skuIndex(), user, 1, 0, 0,
                        System.currentTimeMillis(), i)))
                    {
                        Thread.onSpinWait();
                    }
                }
            }));
        }
        for (final Thread worker : workers)
        {
            worker.join();
        }
    }
}
