package io.flashsale.bench.peer;

import io.flashsale.bench.BenchArgs;
import io.flashsale.bench.BenchReportFile;
import io.flashsale.bench.EngineLoad;
import io.flashsale.engine.shard.CommandCompletionListener;
import io.flashsale.journal.JournaledEngine;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code scripts/bench.sh peer}: the same reserve workload (one SKU, one unit, users rotating over 100,000) on the
 * Redis + Lua peer (a redis-server of its own on a free port of 127.0.0.1, no persistence) and on
 * this engine in process (journal on, through the ring), in one run; the engine as a ratio to the peer.
 */
public final class PeerReport
{
    /** Users rotate over this many on both sides, under a per-user limit that never binds. */
    static final int USERS = 100_000;
    /** A count, not a time: every reserve stays held, so the engine's book grows with it. */
    private static final long ENGINE_RESERVES = 3_000_000;

    private PeerReport()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final BenchArgs arguments = new BenchArgs(args);
        final Path reports = arguments.reports();
        final int threads = (int)arguments.number(1, 64);
        final long millis = arguments.number(2, 5_000);
        final int port;
        try (ServerSocket socket = new ServerSocket(0))
        {
            port = socket.getLocalPort();
        }
        final Process redis = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
            "--save", "", "--appendonly", "no").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try
        {
            Thread.sleep(500);
            final RedisLuaPeer peer = new RedisLuaPeer("127.0.0.1", port);
            peer.run(threads, 1, 1_000); // warm-up
            final RedisLuaPeer.Result unpipelined = peer.run(threads, 1, millis);
            final RedisLuaPeer.Result pipelined = peer.run(threads, 32, millis);
            final double engine = engineReservesPerSecond();
            final String table = String.format(Locale.ROOT, """
                | reserve workload (one SKU, one unit, users rotating over 100,000), %d client threads, %.0f s each | reserves/s | books add up | engine as a ratio |
                |---|---:|---|---:|
                | Redis 7 + Lua script, Jedis, unpipelined (the peer) | %,.0f | %s | %.1fx |
                | Redis 7 + Lua script, Jedis, pipelined by 32 | %,.0f | %s | %.1fx |
                | this engine in process: ring + journal + logic, one producer | %,.0f | yes | |
                """, threads, millis / 1000.0, unpipelined.perSecond(), yes(unpipelined), engine / unpipelined.perSecond(),
                pipelined.perSecond(), yes(pipelined), engine / pipelined.perSecond(), engine);
            System.out.println(table);
            System.out.println("report: " + BenchReportFile.write(reports, "peer", table));
        }
        finally
        {
            redis.destroy();
            redis.waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static void awaitCompleted(final AtomicLong completed, final long count)
    {
        while (completed.get() < count)
        {
            Thread.onSpinWait();
        }
    }

    private static String yes(final RedisLuaPeer.Result result)
    {
        return result.conserved() ? "yes" : "NO";
    }

    private static double engineReservesPerSecond() throws Exception
    {
        final Path dir = Files.createTempDirectory(Path.of("bench/target").toAbsolutePath(), "peer-engine");
        final AtomicLong completed = new AtomicLong();
        final CommandCompletionListener counter = command -> completed.incrementAndGet();
        try (JournaledEngine engine = EngineLoad.start(dir, counter))
        {
            EngineLoad.define(engine, 1, Integer.MAX_VALUE);
            final EngineLoad.Reservations reservations = new EngineLoad.Reservations(engine, 1, USERS);
            final long warmup = 500_000;
            for (long i = 0; i < warmup; i++)
            {
                reservations.reserve(i, System.currentTimeMillis());
            }
            awaitCompleted(completed, 1 + warmup);
            final long before = completed.get();
            final long start = System.nanoTime();
            for (long i = warmup; i < warmup + ENGINE_RESERVES; i++)
            {
                reservations.reserve(i, System.currentTimeMillis());
            }
            awaitCompleted(completed, 1 + warmup + ENGINE_RESERVES);
            return (completed.get() - before) / ((System.nanoTime() - start) / 1e9);
        }
    }
}
