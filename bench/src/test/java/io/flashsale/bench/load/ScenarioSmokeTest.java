package io.flashsale.bench.load;

import io.flashsale.server.PrimaryNode;
import io.flashsale.server.SettingsLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Each scenario for a couple of seconds against a real server on a real socket: it runs, answers, checks pass. No speed asserted. */
class ScenarioSmokeTest
{
    private static PrimaryNode server;
    private static Path dir;

    @BeforeAll
    static void start() throws Exception
    {
        dir = Files.createTempDirectory("load-smoke");
        final Map<String, String> settings = new HashMap<>(SettingsLoader.defaults());
        settings.put("FLASHSALE_EXPECTED_USERS", "4096"); // small stores: the test shares its heap
        settings.putAll(Map.of(
            "FLASHSALE_HTTP_PORT", "0",
            "FLASHSALE_DATA_DIR", dir.resolve("data").toString(),
            "FLASHSALE_CATALOGUE", Path.of("src/main/resources/load-catalogue.json").toAbsolutePath().toString(),
            "FLASHSALE_READS_PER_SECOND", "1000000", "FLASHSALE_READ_BURST", "1000000",
            "FLASHSALE_WRITES_PER_SECOND", "1000000", "FLASHSALE_WRITE_BURST", "1000000"));
        server = PrimaryNode.start(SettingsLoader.from(settings), line -> { });
    }

    @AfterAll
    static void stop()
    {
        server.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"reads", "writes", "steady", "sale-open", "overload"})
    void runsAndChecks(final String name) throws Exception
    {
        final URI url = URI.create("http://127.0.0.1:" + server.port());
        final AcceptedHolds accepted = new AcceptedHolds(10_000);
        final Scenario scenario = Scenarios.named(name, name + System.nanoTime(), accepted);
        final HttpLoadGenerator.Plan plan = new HttpLoadGenerator.Plan(url, scenario, 300, 8,
            TimeUnit.SECONDS.toNanos(2), TimeUnit.MILLISECONDS.toNanos(500), Long.MAX_VALUE);
        final HttpLoadGenerator.Outcome outcome = HttpLoadGenerator.run(plan, latencies -> { });
        final SaleChecks.Result checks = SaleChecks.run(url, scenario.skus(), accepted.kept());
        final LoadReport.Summary summary = LoadReport.summarise(name, plan, outcome, checks);
        final Path report = LoadReport.write(dir.resolve("reports"), summary, outcome.latencies().total());

        assertThat(checks.failures()).isEmpty();
        assertThat(outcome.connectionsLost()).isZero();
        assertThat(summary.rows()).isNotEmpty().allSatisfy(row -> assertThat(row.requests()).isPositive());
        assertThat(outcome.latencies().statuses().keySet()).noneMatch(key -> key.endsWith(" 0") || key.matches(".* 5\\d\\d"));
        assertThat(report).exists();
        assertThat(Path.of(report.toString().replace(".md", ".png"))).exists();
        assertThat(Path.of(report.toString().replace(".md", ".json"))).exists();
        if (!name.equals("reads"))
        {
            assertThat(accepted.count()).isPositive();
        }
    }

    /** sale-open's warm-up drill: its first SKU (1,000 units) sells out, so every answer of a sale comes up. */
    @Test
    void drillSellsOut() throws Exception
    {
        final URI url = URI.create("http://127.0.0.1:" + server.port());
        final HttpLoadGenerator.Plan plan = new HttpLoadGenerator.Plan(url, Scenarios.drill("d" + System.nanoTime()),
            4_000, 8, TimeUnit.SECONDS.toNanos(2), 0, Long.MAX_VALUE);
        final HttpLoadGenerator.Outcome outcome = HttpLoadGenerator.run(plan, latencies -> { });

        assertThat(outcome.connectionsLost()).isZero();
        assertThat(outcome.latencies().statuses().keySet())
            .contains("reserve 201", "reserve 409", "confirm 200", "cancel 200")
            .noneMatch(key -> key.endsWith(" 0") || key.matches(".* 5\\d\\d"));
    }
}
