package io.flashsale.server.replica;

import io.flashsale.server.TestDefaults;
import io.flashsale.journal.JournalSettings;
import io.flashsale.server.ReplicaNode;
import io.flashsale.server.SettingsLoader;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/** Starts a replica node on a free port of 127.0.0.1 for the tests. */
final class Replicas
{
    private Replicas()
    {
    }

    /** A read-only follower (no lease: never promoted). */
    static ReplicaNode follower(final InetSocketAddress primary, final Path data, final Consumer<String> log) throws Exception
    {
        return start(primary, data, null, JournalSettings.defaults(), log);
    }

    /** @param promotion the FLASHSALE_* settings it serves with once promoted (lease included), or null for none. */
    static ReplicaNode start(final InetSocketAddress primary, final Path data, final Map<String, String> promotion,
        final JournalSettings journal, final Consumer<String> log) throws Exception
    {
        final Map<String, String> settings = TestDefaults.settings();
        if (promotion != null)
        {
            settings.putAll(promotion);
        }
        settings.put("FLASHSALE_DATA_DIR", data.toString());
        settings.put("FLASHSALE_HTTP_HOST", "127.0.0.1");
        settings.put("FLASHSALE_HTTP_PORT", "0");
        return ReplicaNode.start(primary, SettingsLoader.from(settings), journal, log);
    }
}
