package io.flashsale.journal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flashsale.engine.command.CommandRequest;
import io.flashsale.engine.command.ProductDefinition;
import io.flashsale.engine.command.ReservationId;
import io.flashsale.engine.shard.EngineShard;
import io.flashsale.engine.shard.ShardSettings;
import io.flashsale.engine.shard.WaitStrategyKind;
import io.flashsale.engine.state.EngineConfig;
import io.flashsale.engine.state.EngineListener;
import io.flashsale.engine.state.ReservationEngine;
import io.flashsale.journal.DataDirectory;
import io.flashsale.journal.JournalQueue;
import io.flashsale.journal.JournalScanner;
import io.flashsale.journal.JournalSettings;
import io.flashsale.journal.JournaledEngine;
import io.flashsale.journal.ShardRecovery;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class JournalCliTest
{
    private static final long T0 = 1_764_000_000_000L;

    @TempDir
    Path dir;

    private long lastIndex;

    record Run(int exit, String out, String err)
    {
    }

    private Run run(final String... args)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CommandLine commandLine = JournalCli.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        final int exit = commandLine.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static void publish(final EngineShard shard, final CommandRequest request)
    {
        while (!shard.tryPublish(request))
        {
            Thread.onSpinWait();
        }
    }

    @BeforeEach
    void buildJournal()
    {
        final List<CommandRequest> requests = new ArrayList<>();
        requests.add(new CommandRequest.UpsertProduct(new ProductDefinition("HOT", "Hot", "d", "c", 100, 50, 2, 120,
            0, Long.MAX_VALUE), T0, 0));
        requests.add(new CommandRequest.UpsertProduct(new ProductDefinition("COLD", "Cold", "d", "c", 100, 500, 5,
            120, 0, Long.MAX_VALUE), T0, 0));
        for (int i = 0; i < 400; i++)
        {
            requests.add(new CommandRequest.Reserve(i % 3 == 0 ? 1 : 0, ("user-" + i).getBytes(StandardCharsets.US_ASCII),
                1 + i % 2, 0, 0, T0 + i, i));
        }
        requests.add(new CommandRequest.Tick(T0 + 1_000));
        lastIndex = writeJournal(dir, requests);
        assertThat(lastIndex).isEqualTo(403);
    }

    /** @return the journal index of the last request, once the engine has stopped. */
    private static long writeJournal(final Path target, final List<CommandRequest> requests)
    {
        final DataDirectory.Layout layout = new DataDirectory.Layout(1, EngineConfig.small(0).withCapacities(1 << 10, 1 << 10), 20);
        final JournalSettings settings = JournalSettings.defaults().withCheckpointsAndSnapshots(20, 150, Long.MAX_VALUE / 2, 3);
        try (JournaledEngine engine = JournaledEngine.start(target, layout, settings,
            new ShardSettings(256, WaitStrategyKind.BLOCKING, false), shard -> command -> { }, line -> { }))
        {
            final EngineShard shard = engine.shards().get(0);
            requests.forEach(request -> publish(shard, request));
            engine.close();
            return engine.journalIndex();
        }
    }

    /**
     * SKU ONE: stock 1, holds of 1 second, so a hold's unit comes back at its deadline (expiresAt =
     * time + 1000), then the requests.
     */
    private Path oneUnitJournal(final CommandRequest... requests)
    {
        final Path target = dir.resolve("one-unit");
        final List<CommandRequest> all = new ArrayList<>();
        all.add(new CommandRequest.UpsertProduct(new ProductDefinition("ONE", "One", "d", "c", 100, 1, 1, 1, 0,
            Long.MAX_VALUE), T0, 0));
        all.addAll(List.of(requests));
        writeJournal(target, all);
        return target;
    }

    private static CommandRequest reserveOne(final String user, final long time)
    {
        return new CommandRequest.Reserve(0, user.getBytes(StandardCharsets.US_ASCII), 1, 0, 0, time, 0);
    }

    @Test
    void statsShouldCountEntriesByTypeAndListSnapshots()
    {
        final Run run = run("stats", "--data-dir", dir.toString());

        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("shard 0: 403 entries, index 1..403").contains("RESERVE=400")
            .contains("UPSERT_PRODUCT=2").contains("snapshot at index 403");
    }

    @Test
    void verifyShouldPassAnIntactJournalAndNameTheFirstBadIndex() throws Exception
    {
        final Run clean = run("verify", "--data-dir", dir.toString());
        assertThat(clean.exit()).as(clean.out()).isZero();
        assertThat(clean.out()).contains("OK, 403 entries").contains("checkpoints verified").contains("matches the replay");

        damageRecordOf(10);
        final Run damaged = run("verify", "--data-dir", dir.toString());
        assertThat(damaged.exit()).isEqualTo(1);
        assertThat(damaged.out()).contains("BAD at index").contains("damage in the middle");
    }

    @Test
    void dumpShouldFilterByRangeTypeAndSkuAndWriteJson() throws Exception
    {
        final Run range = run("dump", "--data-dir", dir.toString(), "--from", "5", "--to", "9");
        assertThat(range.out().lines()).hasSize(5).first().asString().startsWith("index=5 ");

        final Run json = run("dump", "--data-dir", dir.toString(), "--type", "RESERVE", "--sku", "COLD", "--json");
        final List<String> lines = json.out().lines().toList();
        assertThat(lines).hasSize(134);
        final JsonNode first = new ObjectMapper().readTree(lines.get(0));
        assertThat(first.get("type").asText()).isEqualTo("RESERVE");
        assertThat(first.get("sku").asText()).isEqualTo("COLD");
        assertThat(first.get("userId").asText()).isEqualTo("user-0");
    }

    @Test
    void replayShouldPrintTheStateAndHashAtAnIndex()
    {
        final DataDirectory directory = new DataDirectory(dir);
        final long expected = new ShardRecovery(directory, directory.layout(), JournalSettings.defaults(), line -> { })
            .recover(0, EngineListener.NONE, ShardRecovery.Options.readOnly(100, false)).engine().stateHash();

        final Run run = run("replay", "--data-dir", dir.toString(), "--to", "100", "--sku", "HOT");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("at journal index 100").contains(String.format("%016x", expected)).contains("HOT")
            .doesNotContain("COLD ");
    }

    @Test
    void auditFifoShouldProveArrivalOrder()
    {
        final Run run = run("audit-fifo", "--data-dir", dir.toString(), "--sku", "HOT");

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("FIFO holds for HOT: 266 reserves").contains("stock 50 = available 0");
    }

    @Test
    void auditFifoShouldJudgeAReserveByTheStockItMetOnceOverdueHoldsExpired()
    {
        final Path journal = oneUnitJournal(
            reserveOne("u1", T0),         // 0-1, until T0 + 1000
            reserveOne("u2", T0 + 999),   // SOLD_OUT: 0-1 still held
            reserveOne("u3", T0 + 1_000), // 0-1 expired at its deadline, before this reserve: 0-2
            reserveOne("u4", T0 + 1_500), // SOLD_OUT
            reserveOne("u5", T0 + 2_001), // the first command past 0-2's deadline: 0-3
            CommandRequest.confirm(ReservationId.of(0, 3), "u5".getBytes(StandardCharsets.US_ASCII), T0 + 2_100, 0));

        final Run run = run("audit-fifo", "--data-dir", journal.toString(), "--sku", "ONE");

        assertThat(run.exit()).as(run.out()).isZero();
        assertThat(run.out()).contains("FIFO holds for ONE: 5 reserves").contains("3 holds placed")
            .contains("2 refused SOLD_OUT").contains("now stock 1 = available 0 + held 0 + sold 1");
    }

    @Test
    void auditFifoShouldCatchAnEngineThatKeepsAUnitPastItsHoldsDeadline()
    {
        final Path journal = oneUnitJournal(reserveOne("u1", T0), reserveOne("u2", T0 + 1_000));
        final DataDirectory directory = new DataDirectory(journal);
        final EngineConfig journals = directory.layout().engineConfig(0);
        // the engine under audit lets no hold expire (wheel and lazy expiry off); the journal's engine did
        final FifoAudit audit = new FifoAudit("ONE", journals,
            new ReservationEngine(journals.withExpiryLayers(false, false), EngineListener.NONE));

        try (JournalQueue queue = JournalQueue.open(directory.journal(0), JournalSettings.defaults().rollCycle(), false))
        {
            new JournalScanner().scan(queue, audit);
        }

        assertThat(audit.violation()).isEqualTo("index 3 was refused SOLD_OUT with 1 available for a request of 1");
    }

    @Test
    void snapshotShouldWriteOneAtTheEndAndRefuseWhileTheDirectoryIsInUse() throws Exception
    {
        for (final Path file : new DataDirectory(dir).snapshots(0).newestFirst())
        {
            Files.delete(file);
        }
        final Run run = run("snapshot", "--data-dir", dir.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(new DataDirectory(dir).snapshots(0).newestFirst()).singleElement().asString().endsWith("00403.snap");

        try (AutoCloseable lock = new DataDirectory(dir).lock())
        {
            assertThat(run("snapshot", "--data-dir", dir.toString()).exit()).isEqualTo(2);
        }
    }

    @Test
    void truncateShouldCutKeepABackupAndMoveNewerSnapshots()
    {
        final Run run = run("truncate", "--data-dir", dir.toString(), "--after", "120");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run("stats", "--data-dir", dir.toString()).out()).contains("120 entries, index 1..120");
        assertThat(new DataDirectory(dir).snapshots(0).newestFirst()).allMatch(file -> file.toString().compareTo("x") != 0 &&
            io.flashsale.journal.SnapshotFiles.indexOf(file) <= 120);
        assertThat(dir.resolve("backup").toFile().list()).isNotEmpty();
        assertThat(run("verify", "--data-dir", dir.toString()).exit()).isZero();
    }

    @Test
    void shouldPrintOnlyItsAnswerWhenStartedAsTheScriptStartsIt() throws Exception
    {
        for (final List<String> command : List.of(List.of("stats"), List.of("verify"), List.of("dump", "--to", "3")))
        {
            final List<String> args = new ArrayList<>(command);
            args.addAll(List.of("--data-dir", dir.toString()));
            final String output = runAsTheScriptDoes(args);

            assertThat(output.lines()).as(output).noneMatch(line -> line.contains("SLF4J") || line.contains("WARNING"));
            assertThat(output).isEqualTo(run(args.toArray(String[]::new)).out());
        }
    }

    /**
     * The CLI in a JVM of its own, started the way scripts/journal.sh starts it: the JDK and flags that
     * scripts/java-home.sh picks, on this module's test classpath; stdout and stderr together.
     */
    private static String runAsTheScriptDoes(final List<String> args) throws Exception
    {
        final Path javaHomeScript = Path.of(System.getProperty("user.dir")).resolveSibling("scripts").resolve("java-home.sh");
        final List<String> command = new ArrayList<>(List.of("bash", "-c",
            ". \"$0\" && exec \"$JAVA_HOME/bin/java\" $FLASHSALE_JVM_FLAGS -cp \"$1\" " + JournalCli.class.getName() + " \"${@:2}\"",
            javaHomeScript.toString(), System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"))));
        command.addAll(args);
        final Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(output).isZero();
        return output;
    }

    @Test
    void badUsageShouldExitTwo()
    {
        assertThat(run("stats").exit()).isEqualTo(2);
        assertThat(run("nonsense", "--data-dir", dir.toString()).exit()).isEqualTo(2);
        assertThat(run("stats", "--data-dir", dir.resolve("missing").toString()).exit()).isEqualTo(2);
        assertThat(run("replay", "--data-dir", dir.toString()).exit()).isEqualTo(2);
        assertThat(run("stats", "--data-dir", dir.toString(), "--shard", "7").exit()).isEqualTo(2);
    }

    /** Flips a byte inside the first document's records, with intact documents after it. */
    private void damageRecordOf(final int documentNumber) throws Exception
    {
        final Path journal = new DataDirectory(dir).journal(0);
        final Path file;
        try (var files = Files.list(journal))
        {
            file = files.filter(f -> f.toString().endsWith(".cq4")).findFirst().orElseThrow();
        }
        final byte[] bytes = Files.readAllBytes(file);
        // records start with the magic "FS" (0x53 0x46 little-endian); damage the payload of the tenth one
        int seen = 0;
        for (int at = 0; at < bytes.length - 1; at++)
        {
            if (bytes[at] == 0x53 && bytes[at + 1] == 0x46 && bytes[at + 2] == 1 && ++seen == documentNumber)
            {
                bytes[at + 20] ^= 0x7F;
                break;
            }
        }
        Files.write(file, Arrays.copyOf(bytes, bytes.length));
    }
}
