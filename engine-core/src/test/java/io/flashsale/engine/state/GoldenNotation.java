package io.flashsale.engine.state;

import static io.flashsale.engine.state.EngineDriver.T0;

/**
 * How golden files write times and SKUs, both ways: a time is milliseconds from {@link EngineDriver#T0}
 * ({@code +120_000}, {@code -5}; {@code never} for a sale without end), a SKU its code and its index
 * in the shard ({@code SKU-A#0}).
 */
final class GoldenNotation
{
    private GoldenNotation()
    {
    }

    static String time(final long epochMillis)
    {
        if (epochMillis == Long.MAX_VALUE)
        {
            return "never";
        }
        final long relative = epochMillis - T0;
        return (relative < 0 ? "-" : "+") + String.format("%,d", Math.abs(relative)).replace(',', '_');
    }

    static long parseTime(final String text)
    {
        if (text.equals("never"))
        {
            return Long.MAX_VALUE;
        }
        if (text.isEmpty() || (text.charAt(0) != '+' && text.charAt(0) != '-'))
        {
            throw new IllegalArgumentException("a time is +millis or -millis from T0, or never: " + text);
        }
        return T0 + Long.parseLong(text.replace("_", "").replace("+", ""));
    }

    static String sku(final String code, final int index)
    {
        return code + "#" + index;
    }
}
