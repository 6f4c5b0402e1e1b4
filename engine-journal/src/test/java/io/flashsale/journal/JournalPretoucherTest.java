package io.flashsale.journal;

import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class JournalPretoucherTest
{
    /**
     * The pretoucher writes through its own mapping of the file the appender is writing, racing it
     * page by page: every document must read back exactly as appended, during and after.
     */
    @Test
    void pagesAreMadeReadyAheadAndEveryDocumentReadsBackAsAppended(@TempDir final Path dir)
    {
        final int documents = 40_000;
        try (JournalQueue queue = JournalQueue.open(dir, JournalSettings.defaults().rollCycle(), false))
        {
            final byte[] document = new byte[300];
            for (int i = 0; i < documents; i++)
            {
                fill(document, i);
                queue.append(document, 0, document.length);
                if (i == documents / 2)
                {
                    await().atMost(Duration.ofSeconds(10)).until(() -> queue.pagesPretouched() > 0);
                }
            }
            await("pages ready ahead of the appender").atMost(Duration.ofSeconds(10))
                .until(() -> queue.pagesPretouched() >= JournalPretoucher.AHEAD / 4096);
        }
        try (JournalQueue queue = JournalQueue.open(dir, JournalSettings.defaults().rollCycle(), false))
        {
            final ExcerptTailer tailer = queue.tailer();
            final byte[] expected = new byte[300];
            final byte[] read = new byte[300];
            for (int i = 0; i < documents; i++)
            {
                try (DocumentContext document = tailer.readingDocument())
                {
                    assertThat(document.isPresent()).as("document %d", i).isTrue();
                    assertThat(document.wire().bytes().readRemaining()).isEqualTo(read.length);
                    document.wire().bytes().read(read);
                }
                fill(expected, i);
                assertThat(read).as("document %d", i).isEqualTo(expected);
            }
            try (DocumentContext document = tailer.readingDocument())
            {
                assertThat(document.isPresent()).as("nothing after the last document").isFalse();
            }
        }
    }

    /**
     * Secondly files: the appender rolls to a new file (and Chronicle may shrink the old one) while
     * the pretoucher works on the last; it follows the new file and nothing is lost or broken.
     */
    @Test
    void theCycleRollsUnderThePretoucherAndEveryDocumentReadsBack(@TempDir final Path dir) throws Exception
    {
        final byte[] document = new byte[300];
        int appended = 0;
        try (JournalQueue queue = JournalQueue.open(dir, TestRollCycles.TEST_SECONDLY, false))
        {
            final long start = System.nanoTime();
            long touchedInTheFirstFile = -1;
            while (System.nanoTime() - start < 3_200_000_000L)
            {
                fill(document, appended++);
                queue.append(document, 0, document.length);
                if (touchedInTheFirstFile < 0 && queue.files().size() > 1)
                {
                    touchedInTheFirstFile = queue.pagesPretouched();
                }
                Thread.sleep(0, 200_000);
            }
            assertThat(queue.files()).as("the queue rolled").hasSizeGreaterThanOrEqualTo(3);
            final long before = touchedInTheFirstFile;
            await("the pretoucher follows each new file").atMost(Duration.ofSeconds(10))
                .until(() -> queue.pagesPretouched() > before);
        }
        try (JournalQueue queue = JournalQueue.open(dir, TestRollCycles.TEST_SECONDLY, false))
        {
            final ExcerptTailer tailer = queue.tailer();
            final byte[] expected = new byte[300];
            final byte[] read = new byte[300];
            for (int i = 0; i < appended; i++)
            {
                try (DocumentContext context = tailer.readingDocument())
                {
                    assertThat(context.isPresent()).as("document %d of %d", i, appended).isTrue();
                    context.wire().bytes().read(read);
                }
                fill(expected, i);
                assertThat(read).as("document %d", i).isEqualTo(expected);
            }
        }
    }

    private static void fill(final byte[] document, final int i)
    {
        for (int b = 0; b < document.length; b++)
        {
            document[b] = (byte)(i * 31 + b + 1); // never a whole int of zeros at a page start
        }
    }
}
