package io.flashsale.engine.state;

import io.flashsale.engine.command.CommandType;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Golden scenarios (the Chronicle Queue demo's in.yaml/out.yaml, one text file per command type
 * in src/test/resources/golden): each scenario's commands are replayed through a real engine and
 * what came out must equal the file's reviewed {@code out:} block.
 *
 * <p>After an intended change of behaviour, {@code mvn -pl engine-core verify -Dtest=GoldenScenarioTest
 * -Dgolden.update=true} writes the new blocks into the source files; read their diff against the
 * rules (shared/DESIGN.md) before committing: a regenerated file is only golden once a human has
 * checked it.
 */
class GoldenScenarioTest
{
    private static final String DIRECTORY = "golden/";
    private static final Path SOURCE = Path.of("src/test/resources", DIRECTORY);
    private static final boolean UPDATE = Boolean.getBoolean("golden.update");

    /** One file per type, so a new command type fails here until its scenarios are written and reviewed. */
    @TestFactory
    Stream<DynamicTest> shouldReplayEveryGoldenScenarioAsReviewed()
    {
        return Arrays.stream(CommandType.values()).map(GoldenScenarioTest::fileName)
            .map(name -> DynamicTest.dynamicTest(name, () -> check(GoldenFile.parse(name, read(name)))));
    }

    private static void check(final GoldenFile file) throws IOException
    {
        final List<List<String>> outs = new ArrayList<>();
        final StringBuilder mismatches = new StringBuilder();
        for (final GoldenFile.Scenario scenario : file.scenarios())
        {
            final List<String> actual = ScenarioReplay.run(scenario);
            outs.add(actual);
            if (!actual.equals(scenario.expected()))
            {
                mismatches.append("\n== ").append(scenario.name()).append(" (- reviewed out:, + engine now)\n")
                    .append(LineDiff.of(scenario.expected(), actual));
            }
        }
        if (UPDATE)
        {
            if (!mismatches.isEmpty())
            {
                Files.writeString(SOURCE.resolve(file.name()), file.withOuts(outs), StandardCharsets.UTF_8);
                System.out.println("golden: rewrote " + SOURCE.resolve(file.name()) + ", review its diff" + mismatches);
            }
            return;
        }
        if (!mismatches.isEmpty())
        {
            fail(DIRECTORY + file.name() + ": the engine no longer answers as reviewed" + mismatches +
                "\nIf the change is intended: rerun with -Dgolden.update=true, then review the file's diff.");
        }
    }

    private static String fileName(final CommandType type)
    {
        return type.name().toLowerCase(Locale.ROOT) + ".txt";
    }

    private static String read(final String name)
    {
        try (InputStream in = GoldenScenarioTest.class.getClassLoader().getResourceAsStream(DIRECTORY + name))
        {
            if (in == null)
            {
                throw new AssertionError("no golden file " + SOURCE.resolve(name) + ": write its scenarios " +
                    "(in: blocks, an empty out: each), run with -Dgolden.update=true and review what it wrote");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
