package io.flashsale.journal;

import io.flashsale.engine.shard.EngineShard;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.flashsale.journal.JournalFixture.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecoveryTest
{
    @TempDir
    Path dir;

    private final List<String> log = new ArrayList<>();

    private long[] runAndStop(final DataDirectory.Layout layout, final JournalSettings settings, final long seed,
        final int commands)
    {
        final Acks acks = new Acks();
        try (JournaledEngine engine = start(dir, layout, settings, shard -> acks, log))
        {
            final long before = acks.completed.get();
            if (engine.journalIndex() == 0)
            {
                defineProducts(engine, 40);
            }
            randomWorkload(engine, acks, seed, commands, T0 + seed * 10_000_000L);
            final long published = engine.shards().stream().mapToLong(EngineShard::cursor).map(c -> c + 1).sum();
            awaitDrained(engine, acks, published);
            engine.close();
            return hashes(engine);
        }
    }

    private static long[] hashes(final JournaledEngine engine)
    {
        return engine.shards().stream().mapToLong(shard -> shard.engineAfterStop().stateHash()).toArray();
    }

    private long[] recoveredHashes(final DataDirectory.Layout layout, final JournalSettings settings)
    {
        final Acks acks = new Acks();
        try (JournaledEngine engine = start(dir, layout, settings, shard -> acks, log))
        {
            for (final EngineShard shard : engine.shards())
            {
                assertInvariants(shard.engineAfterStop());
            }
            engine.close();
            return hashes(engine);
        }
    }

    @Test
    void shouldRecoverTheSameStateFromTheJournalAlone()
    {
        final DataDirectory.Layout layout = layout(2, 50);
        final JournalSettings noSnapshots = settings(Long.MAX_VALUE / 2);
        final long[] before = runAndStop(layout, noSnapshots, 1, 3_000);
        deleteSnapshots(2);

        assertThat(recoveredHashes(layout, noSnapshots)).containsExactly(before);
        assertThat(log).anyMatch(line -> line.contains("checkpoints verified") && !line.contains(" 0 checkpoints"));
    }

    @Test
    void shouldRecoverTheSameStateFromSnapshotsAndTheJournalTail()
    {
        final DataDirectory.Layout layout = layout(2, 50);
        final JournalSettings settings = settings(400);
        final long[] before = runAndStop(layout, settings, 2, 3_000);

        assertThat(new DataDirectory(dir).snapshots(0).newestFirst()).isNotEmpty().hasSizeLessThanOrEqualTo(3);
        assertThat(recoveredHashes(layout, settings)).containsExactly(before);
        assertThat(log).anyMatch(line -> line.contains("snapshot at journal index"));
    }

    @Test
    void shouldRecoverTheSameStateFromSnapshotsTheLogicThreadTook()
    {
        final DataDirectory.Layout layout = layout(2, 50);
        final JournalSettings settings = settings(400).withSnapshotsByFollower(false);
        final long[] before = runAndStop(layout, settings, 3, 3_000);

        assertThat(new DataDirectory(dir).snapshots(0).newestFirst()).hasSizeGreaterThan(1).hasSizeLessThanOrEqualTo(3);
        assertThat(recoveredHashes(layout, settings)).containsExactly(before);
    }

    @Test
    void shouldTakePeriodicSnapshotsOnAFollowerWhileTheShardRuns()
    {
        final DataDirectory.Layout layout = layout(1, 50);
        final JournalSettings settings = settings(400);
        final Acks acks = new Acks();
        try (JournaledEngine engine = start(dir, layout, settings, shard -> acks, log))
        {
            defineProducts(engine, 40);
            randomWorkload(engine, acks, 4, 3_000, T0);
            awaitDrained(engine, acks, engine.shards().get(0).cursor() + 1);
            final SnapshotFiles snapshots = new DataDirectory(dir).snapshots(0);
            final long deadline = System.nanoTime() + 30_000_000_000L;
            // near the end: within two cadences (400 commands) of it. A fixed index failed when the
            // workload's reads (not journaled) left the journal's end short of it plus a cadence
            final long nearTheEnd = engine.journalIndex() - 800;
            assertThat(nearTheEnd).as("the workload journals enough for two snapshots at least").isGreaterThan(800);
            while (snapshots.newestFirst().isEmpty() || SnapshotFiles.indexOf(snapshots.newestFirst().get(0)) < nearTheEnd)
            {
                assertThat(System.nanoTime()).as("a follower's snapshot near the journal's end (%d); newest: %s; log: %s",
                    engine.journalIndex(), snapshots.newestFirst(), log).isLessThan(deadline);
                Thread.onSpinWait();
            }
            // taken while running, by the follower: loadable, its content matching the hash inside
            final SnapshotFiles.Loaded newest = snapshots.read(snapshots.newestFirst().get(0));
            assertThat(newest.journalIndex()).isLessThanOrEqualTo(engine.journalIndex());
            assertThat(snapshots.newestFirst()).hasSizeLessThanOrEqualTo(3);
        }
        final long[] closedAt = recoveredHashes(layout, settings);
        assertThat(recoveredHashes(layout, settings)).containsExactly(closedAt);
    }

    @Test
    void shouldRecoverTheSameStateWithTheJournalOnAThreadOfItsOwn()
    {
        final DataDirectory.Layout layout = layout(2, 50);
        final JournalSettings settings = settings(500);
        final Acks acks = new Acks();
        final long[] before;
        try (JournaledEngine engine = JournaledEngine.start(dir, layout, settings,
            shardSettings().withJournalOnLogicThread(false), shard -> acks, log::add))
        {
            defineProducts(engine, 40);
            randomWorkload(engine, acks, 9, 2_000, T0);
            awaitDrained(engine, acks, engine.shards().stream().mapToLong(EngineShard::cursor).map(c -> c + 1).sum());
            engine.close();
            before = hashes(engine);
        }

        assertThat(recoveredHashes(layout, settings)).containsExactly(before);
    }

    @Test
    void shouldKeepGoingAcrossSeveralRestarts()
    {
        final DataDirectory.Layout layout = layout(1, 50);
        final JournalSettings settings = settings(700);
        runAndStop(layout, settings, 3, 1_000);
        runAndStop(layout, settings, 4, 1_000);
        final long[] before = runAndStop(layout, settings, 5, 1_000);

        assertThat(recoveredHashes(layout, settings)).containsExactly(before);
    }

    @Test
    void shouldFallBackToAnOlderSnapshotWhenTheNewestIsDamaged() throws IOException
    {
        final DataDirectory.Layout layout = layout(1, 50);
        // the logic thread takes them: a follower may still be catching up when the shard stops, and take none
        final JournalSettings settings = settings(300).withSnapshotsByFollower(false);
        final long[] before = runAndStop(layout, settings, 6, 3_000);
        final List<Path> snapshots = new DataDirectory(dir).snapshots(0).newestFirst();
        assertThat(snapshots).hasSizeGreaterThanOrEqualTo(2);
        final byte[] newest = Files.readAllBytes(snapshots.get(0));
        newest[newest.length / 2] ^= 0x5A;
        Files.write(snapshots.get(0), newest);

        assertThat(recoveredHashes(layout, settings)).containsExactly(before);
        assertThat(log).anyMatch(line -> line.contains("refused") && line.contains(snapshots.get(0).getFileName().toString()));
    }

    @Test
    void shouldRefuseAJournalWhoseFirstCommandsAreMissing()
    {
        final DataDirectory directory = new DataDirectory(dir);
        final DataDirectory.Layout layout = directory.openOrCreate(layout(1, 50));
        try (JournalStage stage = new JournalStage(JournalQueue.open(directory.journal(0),
            JournalSettings.defaults().rollCycle(), false), 100, 1))
        {
            final io.flashsale.engine.command.Command command = new io.flashsale.engine.command.Command();
            new io.flashsale.engine.command.CommandRequest.Tick(T0).copyTo(command);
            stage.onEvent(command, 0, true);
        }

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ShardRecovery(directory, layout, settings(1000), log::add)
                .recover(0, io.flashsale.engine.state.EngineListener.NONE))
            .isInstanceOf(JournalException.class).hasMessageContaining("jumps from index 0 to 101");
    }

    @Test
    void shouldRefuseASecondProcessOnTheSameDirectory()
    {
        final DataDirectory.Layout layout = layout(1, 50);
        final Acks acks = new Acks();
        try (JournaledEngine first = start(dir, layout, settings(1000), shard -> acks, log))
        {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> new DataDirectory(dir).lock())
                .isInstanceOf(JournalException.class);
        }
    }

    @Test
    void shouldRefuseToFollowFromPastTheJournalsEnd()
    {
        final DataDirectory.Layout layout = layout(1, 50);
        final JournalSettings settings = settings(Long.MAX_VALUE / 2);
        runAndStop(layout, settings, 6, 500);
        final DataDirectory directory = new DataDirectory(dir);
        try (JournalFollower follower = JournalFollower.start(directory, 0, 100, settings, io.flashsale.engine.state.EngineListener.NONE,
            null, log::add))
        {
            assertThat(follower.lastApplied()).isEqualTo(100);
        }
        assertThatThrownBy(() -> JournalFollower.start(directory, 0, 1_000_000, settings,
            io.flashsale.engine.state.EngineListener.NONE, null, log::add))
            .isInstanceOf(JournalException.class).hasMessageContaining("lost commands");
    }

    @Test
    void shouldRefuseAnotherShardCount()
    {
        runAndStop(layout(2, 50), settings(1000), 7, 10);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> start(dir, layout(3, 50), settings(1000), s -> new Acks(), log))
            .isInstanceOf(JournalException.class).hasMessageContaining("2 shard(s)");
    }

    private void deleteSnapshots(final int shards)
    {
        for (int shard = 0; shard < shards; shard++)
        {
            for (final Path file : new DataDirectory(dir).snapshots(shard).newestFirst())
            {
                file.toFile().delete();
            }
        }
    }
}
