package io.flashsale.bench.journal;

import io.flashsale.bench.BenchArgs;
import com.lmax.disruptor.EventTranslatorOneArg;
import io.flashsale.bench.BenchReportFile;
import io.flashsale.bench.core.ReservationMix;
import io.flashsale.engine.command.Command;
import io.flashsale.engine.command.CommandRequest;
import io.flashsale.engine.command.ProductDefinition;
import io.flashsale.engine.shard.CommandCompletionListener;
import io.flashsale.engine.shard.EngineShard;
import io.flashsale.engine.shard.ShardSettings;
import io.flashsale.engine.shard.WaitStrategyKind;
import io.flashsale.engine.state.EngineConfig;
import io.flashsale.engine.state.EngineListener;
import io.flashsale.engine.state.ReservationEngine;
import io.flashsale.journal.DataDirectory;
import io.flashsale.journal.JournalQueue;
import io.flashsale.journal.JournalSettings;
import io.flashsale.journal.JournalStage;
import io.flashsale.journal.JournaledEngine;
import io.flashsale.journal.ShardRecovery;
import io.flashsale.journal.record.CommandRecordCodec;

import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * {@code scripts/bench.sh journal}: the journal's figures in one run, each a median of several
 * trials, with ratios to the raw Chronicle append measured in the same run:
 * <ol>
 *   <li>raw Chronicle append, one document per record of the engine's own record size (the ceiling),
 *       Chronicle as it comes, and through the journal's own queue with its pretoucher;</li>
 *   <li>engine + journal through one shard's ring, one producer, batches as they come;</li>
 *   <li>the same with fsync per batch;</li>
 *   <li>replay rate (recovery without a snapshot);</li>
 *   <li>restart from 10 M journaled commands, without and with a snapshot.</li>
 * </ol>
 * Data goes to a temporary folder under {@code bench/target}, deleted afterwards.
 */
public final class JournalBenchReport
{
    private static final int TRIALS = 3;

    private JournalBenchReport()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final BenchArgs arguments = new BenchArgs(args);
        final Path reports = arguments.reports();
        final long ringCommands = arguments.number(1, 3_000_000);
        final long restartCommands = arguments.number(2, 10_000_000);
        final Path work = Files.createTempDirectory(Path.of("bench/target").toAbsolutePath(), "journal-bench");
        try
        {
            final int recordSize = reserveRecordSize();
            final double raw = median(() -> rawAppend(work.resolve("raw-" + System.nanoTime()), ringCommands, recordSize));
            final double rawPretouched = median(() -> pretouchedAppend(work.resolve("raw-pretouched-" + System.nanoTime()),
                ringCommands, recordSize));
            final double ring = median(() -> throughRing(work.resolve("ring-" + System.nanoTime()), ringCommands, false,
                ShardSettings.defaults()));
            final double blocking = median(() -> throughRing(work.resolve("blocking-" + System.nanoTime()), ringCommands,
                false, ShardSettings.defaults().withWaitStrategy(WaitStrategyKind.BLOCKING)));
            final double sleeping = median(() -> throughRing(work.resolve("sleeping-" + System.nanoTime()), ringCommands,
                false, ShardSettings.defaults().withWaitStrategy(WaitStrategyKind.SLEEPING)));
            final double fsync = median(() -> throughRing(work.resolve("fsync-" + System.nanoTime()), ringCommands / 10, true,
                ShardSettings.defaults()));
            final Path big = work.resolve("restart");
            writeJournal(big, restartCommands);
            final double replay = median(() -> restartNanos(big, false));
            snapshotNearTheEnd(big);
            final double restartWithSnapshot = median(() -> restartNanos(big, true));

            final String table = String.format(Locale.ROOT, """
                | # | measurement | figure | ratio |
                |---|---|---:|---|
                | 1 | raw Chronicle append, one %d-byte record a document (ceiling) | %,.0f records/s | 1.00 |
                | 1b | the same through the journal's queue (its pretoucher on) | %,.0f records/s | %.2f× of (1) |
                | 2 | engine + journal through one shard's ring (1 producer, batches as they come), burst-blocking wait (the server's default) | %,.0f commands/s | %.2f× of (1), %.2f× of (1b) |
                | 2 | the same, Disruptor's blocking wait (a lock per publish) | %,.0f commands/s | %.2f× of (1) |
                | 2 | the same, sleeping wait | %,.0f commands/s | %.2f× of (1) |
                | 3 | the same as the first (2) with fsync per batch | %,.0f commands/s | %.3f× of (2) |
                | 4 | replay (recovery of %,d commands, no snapshot) | %,.0f commands/s in %.2f s | %.2f× of (1) |
                | 5 | restart from %,d journaled commands with a snapshot near the end | %.2f s | %.2f× of (4)'s time |
                """, recordSize, raw, rawPretouched, rawPretouched / raw, ring, ring / raw, ring / rawPretouched, blocking, blocking / raw, sleeping, sleeping / raw, fsync, fsync / ring, restartCommands,
                restartCommands / (replay / 1e9), replay / 1e9, restartCommands / (replay / 1e9) / raw,
                restartCommands, restartWithSnapshot / 1e9, restartWithSnapshot / replay);
            System.out.println();
            System.out.println(table);
            System.out.println("report: " + BenchReportFile.write(reports, "journal", table));
        }
        finally
        {
            deleteTree(work);
        }
    }

    private static int reserveRecordSize()
    {
        final Command command = new Command();
        new ReservationMix(0).fill(command);
        return new CommandRecordCodec().encodeCommand(command, 1, 1, new byte[1 << 16], 0);
    }

    /** Records per second appending one record per Chronicle document, Chronicle as it comes. */
    private static double rawAppend(final Path dir, final long records, final int recordSize)
    {
        try (ChronicleQueue queue = SingleChronicleQueueBuilder.single(dir.toFile())
                .rollCycle(JournalSettings.defaults().rollCycle()).build();
             ExcerptAppender appender = queue.createAppender())
        {
            return appendRate(records, recordSize, record ->
            {
                try (DocumentContext document = appender.writingDocument())
                {
                    document.wire().bytes().write(record, 0, record.length);
                }
            });
        }
    }

    /** The same through {@link JournalQueue}, whose pretoucher makes the file's pages ready ahead. */
    private static double pretouchedAppend(final Path dir, final long records, final int recordSize)
    {
        try (JournalQueue queue = JournalQueue.open(dir, JournalSettings.defaults().rollCycle(), false))
        {
            return appendRate(records, recordSize, record -> queue.append(record, 0, record.length));
        }
    }

    private static double appendRate(final long records, final int recordSize, final Consumer<byte[]> append)
    {
        final byte[] record = new byte[recordSize];
        Arrays.fill(record, (byte)7);
        final long start = System.nanoTime();
        for (long i = 0; i < records; i++)
        {
            append.accept(record);
        }
        return records / ((System.nanoTime() - start) / 1e9);
    }

    /** Commands per second from one producer through a journaled shard. */
    private static double throughRing(final Path dir, final long commands, final boolean fsync,
        final ShardSettings shardSettings)
    {
        final CompletionCount done = new CompletionCount();
        final EventTranslatorOneArg<Command, ReservationMix> fill = (slot, sequence, mix) -> mix.fill(slot);
        try (JournaledEngine engine = JournaledEngine.start(dir, layout(), JournalSettings.forThisMachine().withFsync(fsync),
            shardSettings, shard -> done, line -> { }))
        {
            final EngineShard shard = engine.shards().get(0);
            for (final ProductDefinition product : ReservationMix.products())
            {
                while (!shard.tryPublish(new CommandRequest.UpsertProduct(product, ReservationMix.START_TIME, 0)))
                {
                    Thread.onSpinWait();
                }
            }
            done.await(ReservationMix.SKUS);
            final ReservationMix mix = new ReservationMix(0);
            final long start = System.nanoTime();
            for (long i = 0; i < commands; i++)
            {
                while (!shard.tryPublish(fill, mix))
                {
                    Thread.yield(); // a full ring: give the consumers the core (2 cores here)
                }
            }
            done.await(ReservationMix.SKUS + commands);
            return commands / ((System.nanoTime() - start) / 1e9);
        }
    }

    private static DataDirectory.Layout layout()
    {
        return new DataDirectory.Layout(1, EngineConfig.defaults(0), 1_000_000);
    }

    /**
     * Writes a journal of {@code commands} mix commands straight through a journal stage, 64 a batch,
     * with the state-hash checkpoints a live shard would write.
     */
    private static void writeJournal(final Path dir, final long commands)
    {
        final DataDirectory directory = new DataDirectory(dir);
        final DataDirectory.Layout layout = directory.openOrCreate(layout());
        final ReservationEngine engine = new ReservationEngine(layout.engineConfig(0), EngineListener.NONE);
        try (JournalStage stage = new JournalStage(JournalQueue.open(directory.journal(0),
            JournalSettings.defaults().rollCycle(), false), 0, 1))
        {
            final Command command = new Command();
            long sequence = 0;
            for (final ProductDefinition product : ReservationMix.products())
            {
                new CommandRequest.UpsertProduct(product, ReservationMix.START_TIME, 0).copyTo(command);
                stage.onEvent(command, sequence++, true);
                engine.apply(command);
            }
            final ReservationMix mix = new ReservationMix(0);
            for (long i = 0; i < commands; i++)
            {
                mix.fill(command);
                stage.onEvent(command, sequence++, (i & 63) == 63 || i == commands - 1);
                engine.apply(command);
                if (command.journalIndex % layout.checkpointEvery() == 0)
                {
                    stage.postCheckpoint(command.journalIndex, engine.stateHash());
                }
            }
        }
    }

    private static void snapshotNearTheEnd(final Path dir)
    {
        final DataDirectory directory = new DataDirectory(dir);
        final ShardRecovery.Result result = new ShardRecovery(directory, directory.layout(), JournalSettings.defaults(),
            line -> { }).recover(0, EngineListener.NONE);
        directory.snapshots(0).writeEngine(result.engine(), result.lastIndex(), 3);
    }

    /** Nanoseconds to recover the shard, with or without its snapshot. */
    private static double restartNanos(final Path dir, final boolean useSnapshot)
    {
        final DataDirectory directory = new DataDirectory(dir);
        final long start = System.nanoTime();
        new ShardRecovery(directory, directory.layout(), JournalSettings.defaults(), line -> { })
            .recover(0, EngineListener.NONE, ShardRecovery.Options.readOnly(Long.MAX_VALUE, useSnapshot));
        return System.nanoTime() - start;
    }

    private static double median(final LongSupplierOfDouble trial)
    {
        final List<Double> results = new ArrayList<>();
        for (int i = 0; i < TRIALS; i++)
        {
            results.add(trial.get());
        }
        results.sort(Double::compare);
        return results.get(TRIALS / 2);
    }

    @FunctionalInterface
    private interface LongSupplierOfDouble
    {
        double get();
    }

    private static final class CompletionCount implements CommandCompletionListener
    {
        private long count;
        private volatile long published;

        @Override
        public void onCommandComplete(final Command command)
        {
            count++;
        }

        @Override
        public void onBatchEnd()
        {
            published = count;
        }

        void await(final long expected)
        {
            while (published < expected)
            {
                Thread.onSpinWait();
            }
        }
    }

    private static void deleteTree(final Path root) throws IOException
    {
        try (var paths = Files.walk(root))
        {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
