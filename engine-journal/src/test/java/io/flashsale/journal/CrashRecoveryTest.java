package io.flashsale.journal;

import io.flashsale.engine.command.Command;
import io.flashsale.engine.command.ReservationId;
import io.flashsale.engine.state.EngineListener;
import io.flashsale.engine.state.ReservationEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kill -9 under load: a child JVM runs the journaled engine with several producer threads and
 * prints every hold it acknowledges; the test kills it at a random moment, recovers the same data
 * directory and checks that every acknowledged hold is there, nothing is oversold and conservation
 * holds. Rounds continue on the same directory, so each child also recovers from the last kill.
 * {@code -Dcrash.rounds=N} runs more ({@code scripts/crash-drill.sh}).
 */
class CrashRecoveryTest
{

    @TempDir
    Path dir;

    record Ack(int shard, long reservationId, String user)
    {
    }

    @Test
    void shouldKeepEveryAcknowledgedHoldAcrossKillNine() throws Exception
    {
        final int rounds = Integer.getInteger("crash.rounds", 5);
        final SplittableRandom random = new SplittableRandom(System.nanoTime());
        final List<Ack> acknowledged = new ArrayList<>();
        for (int round = 1; round <= rounds; round++)
        {
            final List<Ack> acks = runAndKill(200 + random.nextInt(1200));
            acknowledged.addAll(acks);
            assertThat(acks).as("round %d acknowledged holds before the kill", round).isNotEmpty();
            checkRecovered(acknowledged, round);
            System.out.printf("crash round %d: %d holds acknowledged before kill -9; all %d so far recovered%n",
                round, acks.size(), acknowledged.size());
        }
    }

    private List<Ack> runAndKill(final long killAfterMillis) throws Exception
    {
        final String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        final List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        // the pom's flags for every JVM the project starts (Chronicle's module flags, analytics off)
        command.addAll(List.of(System.getProperty("flashsale.jvm.flags", "-Dchronicle.analytics.disable=true").trim().split("\\s+")));
        command.add("-Xmx512m");
        command.addAll(List.of("-cp", classpath, CrashChild.class.getName(), dir.toString(), "4"));
        final Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        final List<Ack> acks = new ArrayList<>();
        final CountDownLatch ready = new CountDownLatch(1);
        final CountDownLatch firstAck = new CountDownLatch(1);
        final Thread reader = Thread.ofPlatform().start(() ->
        {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII)))
            {
                String line;
                while ((line = lines.readLine()) != null)
                {
                    if (line.equals("READY"))
                    {
                        ready.countDown();
                    }
                    else if (line.startsWith("ACK "))
                    {
                        final String[] parts = line.split(" ");
                        // only whole lines: the kill may cut the last one short (a shorter id or user)
                        if (parts.length == 5 && parts[4].equals("END"))
                        {
                            acks.add(new Ack(Integer.parseInt(parts[1]), Long.parseLong(parts[2]), parts[3]));
                            firstAck.countDown();
                        }
                    }
                }
            }
            catch (final java.io.IOException ignored)
            {
                // the child was killed mid-line: what was read is what was acknowledged
            }
        });
        assertThat(ready.await(60, TimeUnit.SECONDS)).as("child started").isTrue();
        // a random moment once the load runs (on a loaded machine the first holds can take a while)
        assertThat(firstAck.await(60, TimeUnit.SECONDS)).as("child acknowledged a hold").isTrue();
        Thread.sleep(killAfterMillis);
        new ProcessBuilder("kill", "-9", Long.toString(child.pid())).start().waitFor();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        reader.join();
        return acks;
    }

    private void checkRecovered(final List<Ack> acknowledged, final int round)
    {
        final DataDirectory directory = new DataDirectory(dir);
        final DataDirectory.Layout layout = directory.layout();
        final List<ReservationEngine> engines = new ArrayList<>();
        for (int shard = 0; shard < layout.shards(); shard++)
        {
            engines.add(new ShardRecovery(directory, layout, JournalFixture.settings(20_000), line -> { })
                .recover(shard, EngineListener.NONE, ShardRecovery.Options.readOnly(Long.MAX_VALUE, true)).engine());
        }
        final Command view = new Command();
        for (final Ack ack : acknowledged)
        {
            final byte[] user = ack.user().getBytes(StandardCharsets.US_ASCII);
            assertThat(engines.get(ack.shard()).readReservation(ack.reservationId(), user, user.length, 0, view))
                .as("round %d: acknowledged hold %s of %s", round, ReservationId.toText(ack.reservationId()), ack.user())
                .isTrue();
        }
        for (final ReservationEngine engine : engines)
        {
            JournalFixture.assertInvariants(engine);
        }
    }
}
