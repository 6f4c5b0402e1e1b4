package io.flashsale.engine.state;

import java.util.ArrayList;
import java.util.List;

/**
 * A unified-style diff of two short line lists (a golden out: block against what the engine said):
 * {@code -} for an expected line, {@code +} for an actual one, two unchanged lines of context around
 * each change and {@code ...} for the rest. A longest common subsequence: quadratic, fine for blocks
 * of a few hundred lines.
 */
final class LineDiff
{
    private static final int CONTEXT = 2;

    private LineDiff()
    {
    }

    static String of(final List<String> expected, final List<String> actual)
    {
        final List<String> script = editScript(expected, actual);
        final StringBuilder diff = new StringBuilder();
        boolean skipping = false;
        for (int i = 0; i < script.size(); i++)
        {
            if (script.get(i).startsWith(" ") && !changeNear(script, i))
            {
                if (!skipping)
                {
                    diff.append("  ...\n");
                    skipping = true;
                }
                continue;
            }
            skipping = false;
            diff.append(script.get(i)).append('\n');
        }
        return diff.toString();
    }

    /** Every line of both, prefixed {@code "  "} (in both), {@code "- "} (expected only) or {@code "+ "} (actual only). */
    private static List<String> editScript(final List<String> expected, final List<String> actual)
    {
        final int[][] common = new int[expected.size() + 1][actual.size() + 1];
        for (int e = expected.size() - 1; e >= 0; e--)
        {
            for (int a = actual.size() - 1; a >= 0; a--)
            {
                common[e][a] = expected.get(e).equals(actual.get(a)) ?
                    common[e + 1][a + 1] + 1 : Math.max(common[e + 1][a], common[e][a + 1]);
            }
        }
        final List<String> script = new ArrayList<>();
        int e = 0;
        int a = 0;
        while (e < expected.size() || a < actual.size())
        {
            if (e < expected.size() && a < actual.size() && expected.get(e).equals(actual.get(a)))
            {
                script.add("  " + expected.get(e++));
                a++;
            }
            else if (a < actual.size() && (e == expected.size() || common[e][a + 1] > common[e + 1][a]))
            {
                script.add("+ " + actual.get(a++));
            }
            else
            {
                script.add("- " + expected.get(e++));
            }
        }
        return script;
    }

    private static boolean changeNear(final List<String> script, final int at)
    {
        for (int i = Math.max(0, at - CONTEXT); i <= Math.min(script.size() - 1, at + CONTEXT); i++)
        {
            if (!script.get(i).startsWith(" "))
            {
                return true;
            }
        }
        return false;
    }
}
