package io.flashsale.engine.state;

import io.flashsale.engine.command.Command;
import io.flashsale.engine.command.CommandRequest;
import io.flashsale.engine.command.KeyHash;
import io.flashsale.engine.command.ProductDefinition;
import io.flashsale.engine.command.ReservationStatus;
import io.flashsale.engine.command.ResultCode;

import java.nio.charset.StandardCharsets;

/** Drives one engine the way a logic thread would: a request copied into a reused slot, then apply. */
final class EngineDriver
{
    static final long T0 = 1_764_000_000_000L; // 2025-11-24T16:00:00Z
    static final long HOLD_MILLIS = ProductDefinition.DEFAULT_HOLD_SECONDS * 1000L;

    final ReservationEngine engine;
    private final Command slot = new Command();

    EngineDriver(final EngineConfig config)
    {
        this(new ReservationEngine(config, EngineListener.NONE));
    }

    EngineDriver(final ReservationEngine engine)
    {
        this.engine = engine;
    }

    static ProductDefinition product(final String sku, final int stock, final int perUserLimit)
    {
        return new ProductDefinition(sku, "Product " + sku, "A product", "gadgets", 1999, stock, perUserLimit,
            ProductDefinition.DEFAULT_HOLD_SECONDS, 0, Long.MAX_VALUE);
    }

    Outcome upsert(final ProductDefinition product, final long time)
    {
        return run(new CommandRequest.UpsertProduct(product, time, 0));
    }

    Outcome reserve(final int sku, final String user, final int quantity, final long time)
    {
        return run(reserveRequest(sku, user, quantity, time, null));
    }

    Outcome reserve(final int sku, final String user, final int quantity, final long time, final String idempotencyKey)
    {
        return run(reserveRequest(sku, user, quantity, time, idempotencyKey));
    }

    /** @param idempotencyKey fingerprinted as the gateway does; null for a reserve without one. */
    static CommandRequest.Reserve reserveRequest(final int sku, final String user, final int quantity, final long time,
        final String idempotencyKey)
    {
        if (idempotencyKey == null)
        {
            return new CommandRequest.Reserve(sku, bytes(user), quantity, 0, 0, time, 0);
        }
        final byte[] key = bytes(idempotencyKey);
        return new CommandRequest.Reserve(sku, bytes(user), quantity,
            KeyHash.hash(key, 0, key.length), KeyHash.hashSecondary(key, 0, key.length), time, 0);
    }

    Outcome confirm(final long reservationId, final String user, final long time)
    {
        return run(CommandRequest.confirm(reservationId, bytes(user), time, 0));
    }

    Outcome cancel(final long reservationId, final String user, final long time)
    {
        return run(CommandRequest.cancel(reservationId, bytes(user), time, 0));
    }

    Outcome expire(final long reservationId, final long time)
    {
        return run(new CommandRequest.Expire(reservationId, time, 0));
    }

    Outcome tick(final long time)
    {
        return run(new CommandRequest.Tick(time));
    }

    Outcome close(final int sku, final long time)
    {
        return run(new CommandRequest.CloseSale(sku, time, 0));
    }

    Outcome run(final CommandRequest request)
    {
        request.copyTo(slot);
        engine.apply(slot);
        return Outcome.of(slot);
    }

    SkuState sku(final int index)
    {
        return engine.sku(index);
    }

    int units(final String user, final int sku)
    {
        final byte[] id = bytes(user);
        final int index = engine.userIndex(id, id.length);
        return index < 0 ? 0 : engine.unitsOf(index, sku);
    }

    static byte[] bytes(final String text)
    {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    record Outcome(ResultCode result, long reservationId, ReservationStatus status, int quantity,
        long createdAt, long expiresAt, int skuIndex, boolean replay)
    {
        static Outcome of(final Command command)
        {
            return new Outcome(command.result, command.resultReservationId, command.resultStatus,
                command.resultQuantity, command.resultCreatedAt, command.resultExpiresAt, command.resultSkuIndex,
                command.idempotentReplay);
        }

        boolean ok()
        {
            return result == ResultCode.OK;
        }
    }
}
