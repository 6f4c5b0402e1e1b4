package io.flashsale.bench.memory;

import io.flashsale.engine.command.Command;
import io.flashsale.engine.command.CommandRequest;
import io.flashsale.engine.command.ProductDefinition;
import io.flashsale.engine.command.ResultCode;
import io.flashsale.engine.state.EngineConfig;
import io.flashsale.engine.state.EngineListener;
import io.flashsale.engine.state.ReservationEngine;
import io.flashsale.engine.state.SnapshotOut;

import java.nio.charset.StandardCharsets;

/**
 * A crowd in one shard's engine, no ring, no journal: N distinct users each holding one unit (every
 * hold stays live, as at a sale's opening minute). Prints the heap a user with a live hold costs
 * (stores sized small, so they grow with the crowd and the growth is what is counted), what sizing
 * for the expected crowd costs up front, and the snapshot's size and time.
 * <pre>  CrowdMemory [users]   (scripts/bench.sh memory)</pre>
 */
public final class CrowdMemory
{
    private CrowdMemory()
    {
    }

    public static void main(final String[] args)
    {
        final int users = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        final long presizedEmpty = heapOf(EngineConfig.defaults(0), 0, 0).heapBytes;
        final long smallEmpty = heapOf(EngineConfig.defaults(0).withExpectedUsers(64), 0, 0).heapBytes;
        final Crowd crowd = heapOf(EngineConfig.defaults(0).withExpectedUsers(64), users, 1);
        final double perUserAndHold = (crowd.heapBytes - smallEmpty) / (double)users;
        // the same number of live holds by a thousand users: what a hold costs without its user
        final long holders = 1_000;
        final double perHold = (heapOf(EngineConfig.defaults(0).withExpectedUsers(64), (int)holders,
            (int)(users / holders)).heapBytes - smallEmpty) / (double)users;
        final SnapshotOut out = new SnapshotOut();
        final long start = System.nanoTime();
        crowd.engine.writeSnapshot(out);
        final long snapshotNanos = System.nanoTime() - start;
        System.out.println("| " + String.format("%,d", users) + " users, one live hold each | figure |");
        System.out.println("|---|---:|");
        System.out.printf("| heap a user with a live hold costs (stores grown to fit, by doubling where they double) | %.0f B |%n",
            perUserAndHold);
        System.out.printf("| of which the live hold (the same holds by %,d users) | %.0f B |%n", holders, perHold);
        System.out.printf("| of which the user | %.0f B |%n", perUserAndHold - perHold);
        System.out.printf("| heap of an empty shard, stores sized for %,d users | %.0f MB |%n", EngineConfig.DEFAULT_EXPECTED_USERS,
            presizedEmpty / 1e6);
        System.out.printf("| heap of an empty shard, stores sized small | %.0f MB |%n", smallEmpty / 1e6);
        System.out.printf("| snapshot of the crowd | %.1f MB in %.0f ms (%.0f B a user) |%n", out.position() / 1e6,
            snapshotNanos / 1e6, out.position() / (double)users);
        java.lang.ref.Reference.reachabilityFence(crowd.engine); // measured with the crowd still alive
    }

    private record Crowd(ReservationEngine engine, long heapBytes)
    {
    }

    /** @param holdsEach live holds of one unit each user places (their per-user limit) */
    private static Crowd heapOf(final EngineConfig config, final int users, final int holdsEach)
    {
        final long before = usedHeap();
        final ReservationEngine engine = new ReservationEngine(config, new EngineListener()
        {
        });
        final Command command = new Command();
        final long now = 1_000_000L;
        new CommandRequest.UpsertProduct(new ProductDefinition("CROWD", "Crowd", "d", "c", 100, users * holdsEach + 1, Math.max(1, holdsEach), 120, 0,
            Long.MAX_VALUE), now, 0).copyTo(command);
        engine.apply(command);
        for (int u = 0; u < users; u++)
        {
            final byte[] user = ("shopper-" + u + "@example.com").getBytes(StandardCharsets.US_ASCII);
            for (int h = 0; h < holdsEach; h++)
            {
                new CommandRequest.Reserve(0, user, 1, 0, 0, now + 1, 0).copyTo(command);
                engine.apply(command);
                if (command.result != ResultCode.OK)
                {
                    throw new IllegalStateException("reserve " + u + "/" + h + " answered " + command.result);
                }
            }
        }
        final long after = usedHeap();
        return new Crowd(engine, after - before);
    }

    private static long usedHeap()
    {
        for (int i = 0; i < 3; i++)
        {
            System.gc();
        }
        final Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
