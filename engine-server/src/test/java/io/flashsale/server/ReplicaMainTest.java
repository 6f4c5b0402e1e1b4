package io.flashsale.server;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A replica started as the README says, without node ids, must not share its primary's lease holder name. */
class ReplicaMainTest
{
    private static final String LEASE = "jdbc:postgresql://127.0.0.1:5432/flashsale";

    @Test
    void shouldNameAReplicaByItsOwnDataDirectoryNotThePrimarysDefault()
    {
        final ReplicaMain replica = new ReplicaMain();
        new CommandLine(replica).parseArgs("--primary", "127.0.0.1:9400", "--data-dir", "./replica-data", "--lease-pg-url", LEASE);
        final ServerSettings replicaSettings = replica.settings(Map.of());

        final Map<String, String> primary = TestDefaults.settings();
        primary.put("FLASHSALE_LEASE_PG_URL", LEASE);
        final ServerSettings primarySettings = SettingsLoader.from(primary);

        assertThat(replicaSettings.dataDir()).isEqualTo(Path.of("./replica-data"));
        assertThat(replicaSettings.lease().holder())
            .endsWith(Path.of("./replica-data").toAbsolutePath().normalize().toString())
            .isNotEqualTo(primarySettings.lease().holder());
    }

    @Test
    void shouldLetTheEnvironmentNameTheNodeAndTheFlagsWin()
    {
        final ReplicaMain replica = new ReplicaMain();
        new CommandLine(replica).parseArgs("--primary", "127.0.0.1:9400", "--node-id", "b", "--port", "8091");
        final ServerSettings settings = replica.settings(Map.of("FLASHSALE_LEASE_PG_URL", LEASE, "FLASHSALE_NODE_ID", "env",
            "FLASHSALE_HTTP_PORT", "9999", "FLASHSALE_REDIS_URL", "redis://127.0.0.1:6379"));
        assertThat(settings.lease().holder()).isEqualTo("b");
        assertThat(settings.gateway().port()).isEqualTo(8091);
        assertThat(settings.redisUrl()).isEqualTo("redis://127.0.0.1:6379");
    }
}
