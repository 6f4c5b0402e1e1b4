package io.flashsale.engine.state;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One golden scenario file (src/test/resources/golden/*.txt), read into its scenarios and written
 * back with new {@code out:} blocks. Everything but the {@code out:} blocks is kept as written, so
 * the reviewed prose and commands survive a regeneration. The grammar is stated at the top of
 * every file:
 *
 * <pre>
 *  file     := comment* scenario+
 *  scenario := "== " name [wheel=off] [lazy=off]   comment*
 *              "in:"   (command | comment)*
 *              "out:"  rendered line*               (up to the next "==" or the end)
 * </pre>
 */
final class GoldenFile
{
    private static final String SCENARIO = "== ";
    private static final String IN = "in:";
    private static final String OUT = "out:";

    private final String name;
    private final List<String> prelude;
    private final List<Scenario> scenarios;

    /**
     * @param written   the header line up to and including {@code out:}, as in the file.
     * @param commands  the {@code in:} lines without comments, each one command.
     * @param expected  the {@code out:} block's non-blank lines.
     */
    record Scenario(String name, boolean wheelExpiry, boolean lazyExpiry, List<String> written, List<String> commands,
        List<String> expected)
    {
        EngineConfig config()
        {
            return EngineConfig.small(0).withExpiryLayers(wheelExpiry, lazyExpiry);
        }
    }

    private GoldenFile(final String name, final List<String> prelude, final List<Scenario> scenarios)
    {
        this.name = name;
        this.prelude = prelude;
        this.scenarios = scenarios;
    }

    static GoldenFile parse(final String name, final String text)
    {
        final List<String> lines = Arrays.asList(text.split("\n", -1));
        int at = 0;
        final List<String> prelude = new ArrayList<>();
        while (at < lines.size() && !lines.get(at).startsWith(SCENARIO))
        {
            prelude.add(lines.get(at++));
        }
        final List<Scenario> scenarios = new ArrayList<>();
        while (at < lines.size())
        {
            final int start = at++;
            for (; at < lines.size() && !lines.get(at).equals(IN); at++)
            {
                if (!withoutComment(lines.get(at)).isEmpty())
                {
                    throw new IllegalArgumentException(name + ": line " + (at + 1) + " is neither a comment nor in:");
                }
            }
            final List<String> commands = new ArrayList<>();
            for (at++; at < lines.size() && !lines.get(at).equals(OUT); at++)
            {
                final String command = withoutComment(lines.get(at));
                if (!command.isEmpty())
                {
                    commands.add(command);
                }
            }
            if (at >= lines.size())
            {
                throw new IllegalArgumentException(name + ": scenario at line " + (start + 1) + " needs in: and out:");
            }
            final List<String> written = new ArrayList<>(lines.subList(start, ++at));
            final List<String> expected = new ArrayList<>();
            for (; at < lines.size() && !lines.get(at).startsWith(SCENARIO); at++)
            {
                if (!lines.get(at).isBlank())
                {
                    expected.add(lines.get(at));
                }
            }
            scenarios.add(scenario(name, lines.get(start), written, commands, expected));
        }
        if (scenarios.isEmpty())
        {
            throw new IllegalArgumentException(name + ": no scenario (a line starting with \"== \")");
        }
        return new GoldenFile(name, prelude, scenarios);
    }

    private static Scenario scenario(final String file, final String header, final List<String> written,
        final List<String> commands, final List<String> expected)
    {
        final StringBuilder title = new StringBuilder();
        boolean wheel = true;
        boolean lazy = true;
        for (final String word : header.substring(SCENARIO.length()).trim().split("\\s+"))
        {
            switch (word)
            {
                case "wheel=off" -> wheel = false;
                case "lazy=off" -> lazy = false;
                default ->
                {
                    if (word.contains("="))
                    {
                        throw new IllegalArgumentException(file + ": unknown scenario option " + word);
                    }
                    title.append(title.isEmpty() ? "" : " ").append(word);
                }
            }
        }
        return new Scenario(title.toString(), wheel, lazy, written, commands, expected);
    }

    private static String withoutComment(final String line)
    {
        final int comment = line.indexOf('#');
        return (comment < 0 ? line : line.substring(0, comment)).trim();
    }

    String name()
    {
        return name;
    }

    List<Scenario> scenarios()
    {
        return scenarios;
    }

    /** The file again, every scenario's {@code out:} block replaced by {@code outs} (in scenario order). */
    String withOuts(final List<List<String>> outs)
    {
        final StringBuilder text = new StringBuilder();
        prelude.forEach(line -> text.append(line).append('\n'));
        for (int i = 0; i < scenarios.size(); i++)
        {
            scenarios.get(i).written().forEach(line -> text.append(line).append('\n'));
            outs.get(i).forEach(line -> text.append(line).append('\n'));
            if (i < scenarios.size() - 1)
            {
                text.append('\n');
            }
        }
        return text.toString();
    }
}
