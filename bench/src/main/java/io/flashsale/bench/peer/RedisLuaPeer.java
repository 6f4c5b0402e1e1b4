package io.flashsale.bench.peer;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The peer most flash sales build: stock in Redis and one Lua script per reservation that checks
 * stock and the per-user limit, decrements, records the hold with its expiry (a hash of holds and
 * a sorted set by expiry for the expirer), atomically on Redis' single thread. Driven by Jedis
 * from many threads, each its own connection, unpipelined (one round trip a reservation) or
 * pipelined (batches of round trips).
 */
public final class RedisLuaPeer
{
    /** KEYS: stock hash, per-user units hash, holds hash, expiry zset, hold id counter. ARGV: user, qty, limit, now, holdMillis. */
    static final String RESERVE = """
        local available = tonumber(redis.call('HGET', KEYS[1], 'available'))
        if not available then return -1 end
        local qty = tonumber(ARGV[2])
        if available < qty then return 0 end
        local units = tonumber(redis.call('HGET', KEYS[2], ARGV[1]) or '0')
        if units + qty > tonumber(ARGV[3]) then return -2 end
        redis.call('HINCRBY', KEYS[1], 'available', -qty)
        redis.call('HINCRBY', KEYS[1], 'held', qty)
        redis.call('HINCRBY', KEYS[2], ARGV[1], qty)
        local id = redis.call('INCR', KEYS[5])
        local expires = tonumber(ARGV[4]) + tonumber(ARGV[5])
        redis.call('HSET', KEYS[3], id, ARGV[1] .. ':' .. qty .. ':' .. expires)
        redis.call('ZADD', KEYS[4], expires, id)
        return id
        """;

    private static final String SKU = "PEER-0";
    private static final List<String> KEYS = List.of("stock:" + SKU, "units:" + SKU, "holds:" + SKU,
        "expiry:" + SKU, "holdseq:" + SKU);

    /** Reservations per second and whether the books add up afterwards. */
    public record Result(double perSecond, long reservations, boolean conserved)
    {
    }

    private final String host;
    private final int port;

    public RedisLuaPeer(final String host, final int port)
    {
        this.host = host;
        this.port = port;
    }

    /**
     * @param threads  client threads, one connection each.
     * @param pipeline reservations per round trip (1 = unpipelined).
     */
    public Result run(final int threads, final int pipeline, final long millis) throws InterruptedException
    {
        final long stock = 1_000_000_000L;
        final String sha;
        try (Jedis jedis = new Jedis(host, port))
        {
            jedis.del(KEYS.toArray(String[]::new));
            jedis.hset(KEYS.get(0), java.util.Map.of("available", Long.toString(stock), "held", "0"));
            sha = jedis.scriptLoad(RESERVE);
        }
        final AtomicLong done = new AtomicLong();
        final CountDownLatch finished = new CountDownLatch(threads);
        final long end = System.nanoTime() + millis * 1_000_000L;
        final long start = System.nanoTime();
        final List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++)
        {
            final String prefix = "t" + t + "-";
            final Thread worker = new Thread(() ->
            {
                try (Jedis jedis = new Jedis(host, port))
                {
                    long n = 0;
                    while (System.nanoTime() < end)
                    {
                        if (pipeline == 1)
                        {
                            jedis.evalsha(sha, KEYS, args(prefix + (n++ % PeerReport.USERS)));
                            done.incrementAndGet();
                        }
                        else
                        {
                            final Pipeline batch = jedis.pipelined();
                            for (int i = 0; i < pipeline; i++)
                            {
                                batch.evalsha(sha, KEYS, args(prefix + (n++ % PeerReport.USERS)));
                            }
                            batch.sync();
                            done.addAndGet(pipeline);
                        }
                    }
                }
                finally
                {
                    finished.countDown();
                }
            }, "redis-peer-" + t);
            workers.add(worker);
            worker.start();
        }
        finished.await();
        final double seconds = (System.nanoTime() - start) / 1e9;
        try (Jedis jedis = new Jedis(host, port))
        {
            final long available = Long.parseLong(jedis.hget(KEYS.get(0), "available"));
            final long held = Long.parseLong(jedis.hget(KEYS.get(0), "held"));
            final long holds = jedis.hlen(KEYS.get(2));
            return new Result(done.get() / seconds, done.get(), available + held == stock && held == holds && holds == done.get());
        }
    }

    private static List<String> args(final String user)
    {
        return List.of(user, "1", "1000000000", Long.toString(System.currentTimeMillis()), "120000");
    }
}
