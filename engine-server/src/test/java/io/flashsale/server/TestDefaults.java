package io.flashsale.server;

import java.util.HashMap;
import java.util.Map;

/** The built-in defaults as the tests' in-process nodes take them: stores sized small (many nodes share one test heap). */
public final class TestDefaults
{
    private TestDefaults()
    {
    }

    public static Map<String, String> settings()
    {
        final Map<String, String> settings = new HashMap<>(SettingsLoader.defaults());
        settings.put("FLASHSALE_EXPECTED_USERS", "4096");
        return settings;
    }
}
