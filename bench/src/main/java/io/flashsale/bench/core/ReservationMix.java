package io.flashsale.bench.core;

import io.flashsale.engine.command.Command;
import io.flashsale.engine.command.CommandType;
import io.flashsale.engine.command.ProductDefinition;
import io.flashsale.engine.command.ReservationId;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The reserve/confirm/cancel mix the engine benchmarks run, filled straight into a reused slot so
 * the producer allocates nothing. In each group of four commands: two reserves, a confirm of the
 * first, a cancel of the second; one reserve in eight carries an Idempotency-Key. Stock and limits
 * are ample, so every command succeeds and the r-th reserve of a fresh shard gets sequence r: the
 * producer names the reservation it confirms without waiting for an answer.
 */
public final class ReservationMix
{
    public static final int SKUS = 100;
    public static final long START_TIME = 1_764_000_000_000L;
    private static final int USERS = 4096;
    /** About one engine millisecond per 1024 commands, so hold timers and time both move. */
    private static final int COMMANDS_PER_MILLI_SHIFT = 10;

    private final int shardId;
    private final byte[][] userIds = new byte[USERS][];
    private long commands;

    public ReservationMix(final int shardId)
    {
        this.shardId = shardId;
        for (int i = 0; i < USERS; i++)
        {
            userIds[i] = ("bench-user-" + i).getBytes(StandardCharsets.US_ASCII);
        }
    }

    public static List<ProductDefinition> products()
    {
        final List<ProductDefinition> products = new ArrayList<>(SKUS);
        for (int i = 0; i < SKUS; i++)
        {
            products.add(new ProductDefinition(String.format("SKU-%04d", i), "Bench item " + i, "bench", "bench",
                100, 1 << 30, 1 << 30, ProductDefinition.DEFAULT_HOLD_SECONDS, 0, Long.MAX_VALUE));
        }
        return products;
    }

    /** Fills the next command of the mix into {@code slot}. */
    public void fill(final Command slot)
    {
        final long command = commands++;
        final long group = command >>> 2;
        final int phase = (int)(command & 3);
        slot.timestamp = START_TIME + (command >>> COMMANDS_PER_MILLI_SHIFT);
        slot.product = null;
        slot.correlationId = command;
        slot.journalIndex = 0;
        slot.quantity = 0;
        slot.skuIndex = -1;
        slot.reservationId = 0;
        slot.idempotencyKeyHigh = 0;
        slot.idempotencyKeyLow = 0;
        if (phase < 2)
        {
            final long reserve = group * 2 + phase + 1;
            slot.type = CommandType.RESERVE;
            slot.skuIndex = (int)(reserve % SKUS);
            slot.quantity = 1;
            if ((reserve & 7) == 0)
            {
                slot.idempotencyKeyHigh = reserve;
                slot.idempotencyKeyLow = ~reserve;
            }
            setUser(slot, reserve);
        }
        else
        {
            final long reserve = group * 2 + phase - 1;
            slot.type = phase == 2 ? CommandType.CONFIRM : CommandType.CANCEL;
            slot.reservationId = ReservationId.of(shardId, reserve);
            setUser(slot, reserve);
        }
    }

    private void setUser(final Command slot, final long reserve)
    {
        final byte[] user = userIds[(int)(reserve % USERS)];
        slot.setUserId(user, user.length);
    }
}
