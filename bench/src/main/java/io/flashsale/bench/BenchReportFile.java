package io.flashsale.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** Where reports go: {@code bench/reports/<name>-<date>.md}, next to the earlier ones. */
public final class BenchReportFile
{
    private BenchReportFile()
    {
    }

    public static Path write(final Path reportsDir, final String name, final String markdown) throws IOException
    {
        Files.createDirectories(reportsDir);
        final Path file = reportsDir.resolve(name + "-" + LocalDate.now(ZoneOffset.UTC) + ".md");
        Files.writeString(file, markdown);
        return file;
    }
}
