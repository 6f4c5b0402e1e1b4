package io.flashsale.journal;

import io.flashsale.engine.command.Command;
import io.flashsale.engine.command.CommandRequest;
import io.flashsale.engine.command.ReservationId;
import io.flashsale.engine.command.ResultCode;
import io.flashsale.engine.state.EngineListener;
import io.flashsale.engine.state.ReservationEngine;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static io.flashsale.journal.JournalFixture.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Damages the last journal file the way a crash or a disk can (cut short at a random offset, random
 * bytes flipped in the tail) and checks that recovery always ends at an intact prefix: the state is
 * exactly that of the first k commands, the invariants hold, nothing else escapes.
 */
class TornTailFuzzTest
{
    private static final int COMMANDS = 400;
    private static final int CUTS = 220;
    private static final int FLIPS = 220;

    @TempDir
    Path root;

    private final DataDirectory.Layout layout = layout(1, 50);
    private final JournalSettings settings = settings(Long.MAX_VALUE / 2);
    private final long[] hashAfter = new long[COMMANDS + 1];
    private Path pristine;
    private String journalFile;
    private int writtenEnd;
    private int lastDocumentStart;
    private int firstDocumentStart;
    private final java.util.Set<Long> recoveredIndexes = new java.util.HashSet<>();
    private int tailsCut;

    @BeforeEach
    void writeJournal() throws IOException
    {
        pristine = root.resolve("pristine");
        new DataDirectory(pristine).openOrCreate(layout);
        final ReservationEngine reference = new ReservationEngine(layout.engineConfig(0), EngineListener.NONE);
        hashAfter[0] = reference.stateHash();
        final SplittableRandom random = new SplittableRandom(11);
        final List<Long> holds = new ArrayList<>();
        try (JournalStage stage = new JournalStage(JournalQueue.open(new DataDirectory(pristine).journal(0),
            settings.rollCycle(), false), 0, 1))
        {
            final Command command = new Command();
            int inBatch = 0;
            for (int i = 1; i <= COMMANDS; i++)
            {
                nextCommand(random, i, holds).copyTo(command);
                final boolean endOfBatch = ++inBatch >= 1 + random.nextInt(6) || i == COMMANDS;
                stage.onEvent(command, i, endOfBatch);
                inBatch = endOfBatch ? 0 : inBatch;
                reference.apply(command);
                if (command.result == ResultCode.OK && command.resultReservationId != 0 && command.resultStatus != null &&
                    command.type == io.flashsale.engine.command.CommandType.RESERVE)
                {
                    holds.add(command.resultReservationId);
                }
                hashAfter[i] = reference.stateHash();
            }
        }
        final Path journal = new DataDirectory(pristine).journal(0);
        try (var files = Files.list(journal))
        {
            journalFile = files.filter(f -> f.toString().endsWith(".cq4")).findFirst().orElseThrow().getFileName().toString();
        }
        final byte[] bytes = Files.readAllBytes(journal.resolve(journalFile));
        writtenEnd = bytes.length;
        while (writtenEnd > 0 && bytes[writtenEnd - 1] == 0)
        {
            writtenEnd--;
        }
        try (JournalQueue queue = JournalQueue.open(journal, settings.rollCycle(), false))
        {
            final ExcerptTailer tailer = queue.tailer();
            while (true)
            {
                try (DocumentContext document = tailer.readingDocument())
                {
                    if (!document.isPresent())
                    {
                        break;
                    }
                    lastDocumentStart = (int)document.wire().bytes().readPosition();
                    firstDocumentStart = firstDocumentStart == 0 ? lastDocumentStart : firstDocumentStart;
                }
            }
        }
        assertThat(lastDocumentStart).isBetween(1, writtenEnd);
    }

    private static CommandRequest nextCommand(final SplittableRandom random, final int i, final List<Long> holds)
    {
        final long time = T0 + i * 700L;
        if (i <= 2)
        {
            return new CommandRequest.UpsertProduct(product(SKUS.get(i - 1), 60), time, 0);
        }
        final int kind = random.nextInt(10);
        if (kind < 6 || holds.isEmpty())
        {
            final int user = random.nextInt(30);
            return new CommandRequest.Reserve(random.nextInt(2), user(user), 1 + random.nextInt(2),
                random.nextInt(3) == 0 ? 1 + random.nextInt(20) : 0, 3, time, i);
        }
        if (kind < 9)
        {
            final long id = holds.get(random.nextInt(holds.size()));
            final byte[] owner = user(random.nextInt(30));
            return kind < 8 ? CommandRequest.confirm(id, owner, time, i) : CommandRequest.cancel(id, owner, time, i);
        }
        return new CommandRequest.Tick(time + 200_000);
    }

    @Test
    void shouldRecoverAnIntactPrefixWhereverTheLastFileIsCut() throws IOException
    {
        final SplittableRandom random = new SplittableRandom(21);
        final byte[] original = Files.readAllBytes(new DataDirectory(pristine).journal(0).resolve(journalFile));
        for (int round = 0; round < CUTS; round++)
        {
            // most cuts inside the documents, some anywhere (Chronicle's header and index included)
            final int cut = round % 3 == 0 ? random.nextInt(writtenEnd + 1) :
                firstDocumentStart - 8 + random.nextInt(writtenEnd - firstDocumentStart + 9);
            final Path copy = copyOfPristine("cut-" + round);
            Files.write(new DataDirectory(copy).journal(0).resolve(journalFile), java.util.Arrays.copyOf(original, cut));
            recoverAndCheck(copy, "cut at " + cut);
        }
        assertThat(recoveredIndexes).as("cuts land all over the journal").hasSizeGreaterThan(CUTS / 4);
    }

    @Test
    void shouldRecoverAnIntactPrefixWhateverBytesFlipInTheTail() throws IOException
    {
        final SplittableRandom random = new SplittableRandom(22);
        final byte[] original = Files.readAllBytes(new DataDirectory(pristine).journal(0).resolve(journalFile));
        for (int round = 0; round < FLIPS; round++)
        {
            final byte[] damaged = java.util.Arrays.copyOf(original, writtenEnd);
            final int flips = 1 + random.nextInt(4);
            final StringBuilder where = new StringBuilder("flips at");
            for (int f = 0; f < flips; f++)
            {
                final int at = lastDocumentStart - 4 + random.nextInt(writtenEnd - lastDocumentStart + 4);
                damaged[at] ^= (byte)(1 + random.nextInt(255));
                where.append(' ').append(at);
            }
            final Path copy = copyOfPristine("flip-" + round);
            Files.write(new DataDirectory(copy).journal(0).resolve(journalFile), damaged);
            recoverAndCheck(copy, where.toString());
        }
        assertThat(tailsCut).as("flips in the last document are found and cut").isGreaterThan(FLIPS / 2);
    }

    private void recoverAndCheck(final Path copy, final String what)
    {
        final List<String> log = new ArrayList<>();
        final ShardRecovery.Result result = new ShardRecovery(new DataDirectory(copy), layout, settings, log::add)
            .recover(0, EngineListener.NONE);

        assertThat(result.lastIndex()).as(what).isBetween(0L, (long)COMMANDS);
        assertThat(result.engine().stateHash()).as(what + ": state of the first %d commands", result.lastIndex())
            .isEqualTo(hashAfter[(int)result.lastIndex()]);
        assertInvariants(result.engine());
        recoveredIndexes.add(result.lastIndex());
        if (result.cutTail() != null)
        {
            tailsCut++;
            assertThat(log).as(what).anyMatch(line -> line.contains("torn journal tail after index " + result.lastIndex()));
        }
        final ShardRecovery.Result again = new ShardRecovery(new DataDirectory(copy), layout, settings, log::add)
            .recover(0, EngineListener.NONE);
        assertThat(again.cutTail()).as(what + ": the cut journal reads clean").isNull();
        assertThat(again.lastIndex()).isEqualTo(result.lastIndex());
        assertThat(ReservationId.shardOf(0)).isZero();
    }

    private Path copyOfPristine(final String name) throws IOException
    {
        final Path copy = root.resolve(name);
        final Path from = new DataDirectory(pristine).journal(0);
        final Path to = new DataDirectory(copy).journal(0);
        Files.createDirectories(to);
        Files.copy(pristine.resolve("engine.properties"), copy.resolve("engine.properties"));
        try (var files = Files.list(from))
        {
            for (final Path file : files.toList())
            {
                if (!file.getFileName().toString().equals(journalFile))
                {
                    Files.copy(file, to.resolve(file.getFileName()));
                }
            }
        }
        return copy;
    }
}
