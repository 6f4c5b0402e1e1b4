package io.flashsale.engine.command;

/**
 * An immutable request a producer thread builds; a ring translator copies it into the slot's
 * {@link Command}. Producers never hold on to a slot, so the ring stays the only shared state.
 */
public sealed interface CommandRequest
{
    void copyTo(Command slot);

    static FinishHold confirm(final long reservationId, final byte[] userId, final long timestamp, final long correlationId)
    {
        return new FinishHold(CommandType.CONFIRM, reservationId, userId, timestamp, correlationId);
    }

    static FinishHold cancel(final long reservationId, final byte[] userId, final long timestamp, final long correlationId)
    {
        return new FinishHold(CommandType.CANCEL, reservationId, userId, timestamp, correlationId);
    }

    /** Refused here, on the producer's thread, so a bad id never reaches a half-written slot. */
    private static void checkUserId(final byte[] userId)
    {
        if (userId == null || userId.length < 1 || userId.length > Command.MAX_USER_ID_LENGTH)
        {
            throw new IllegalArgumentException("user id must be 1-" + Command.MAX_USER_ID_LENGTH + " bytes");
        }
    }

    /** A command about one reservation by the caller who claims to own it. */
    private static void ownersCommand(final Command slot, final CommandType type, final long reservationId,
        final byte[] userId, final long timestamp, final long correlationId)
    {
        header(slot, type, timestamp, correlationId);
        slot.reservationId = reservationId;
        slot.setUserId(userId, userId.length);
    }

    /** Resets the reused slot's inputs, then writes the fields every command has. Every copyTo starts here. */
    private static void header(final Command slot, final CommandType type, final long timestamp, final long correlationId)
    {
        slot.resetInputs();
        slot.type = type;
        slot.timestamp = timestamp;
        slot.correlationId = correlationId;
    }

    record Reserve(int skuIndex, byte[] userId, int quantity, long idempotencyKeyHigh, long idempotencyKeyLow,
        long timestamp, long correlationId) implements CommandRequest
    {
        public Reserve
        {
            checkUserId(userId);
        }

        @Override
        public void copyTo(final Command slot)
        {
            header(slot, CommandType.RESERVE, timestamp, correlationId);
            slot.skuIndex = skuIndex;
            slot.quantity = quantity;
            slot.setUserId(userId, userId.length);
            slot.idempotencyKeyHigh = idempotencyKeyHigh;
            slot.idempotencyKeyLow = idempotencyKeyLow;
        }
    }

    /** CONFIRM or CANCEL: the caller who claims to own the reservation ends its hold. */
    record FinishHold(CommandType type, long reservationId, byte[] userId, long timestamp, long correlationId)
        implements CommandRequest
    {
        public FinishHold
        {
            if (type != CommandType.CONFIRM && type != CommandType.CANCEL)
            {
                throw new IllegalArgumentException("a hold is finished by CONFIRM or CANCEL, not " + type);
            }
            checkUserId(userId);
        }

        @Override
        public void copyTo(final Command slot)
        {
            ownersCommand(slot, type, reservationId, userId, timestamp, correlationId);
        }
    }

    record ReadReservation(long reservationId, byte[] userId, long timestamp, long correlationId) implements CommandRequest
    {
        public ReadReservation
        {
            checkUserId(userId);
        }

        @Override
        public void copyTo(final Command slot)
        {
            ownersCommand(slot, CommandType.READ_RESERVATION, reservationId, userId, timestamp, correlationId);
        }
    }

    record Expire(long reservationId, long timestamp, long correlationId) implements CommandRequest
    {
        @Override
        public void copyTo(final Command slot)
        {
            header(slot, CommandType.EXPIRE, timestamp, correlationId);
            slot.reservationId = reservationId;
        }
    }

    record Tick(long timestamp) implements CommandRequest
    {
        @Override
        public void copyTo(final Command slot)
        {
            header(slot, CommandType.TICK, timestamp, 0);
        }
    }

    record UpsertProduct(ProductDefinition product, long timestamp, long correlationId) implements CommandRequest
    {
        @Override
        public void copyTo(final Command slot)
        {
            header(slot, CommandType.UPSERT_PRODUCT, timestamp, correlationId);
            slot.product = product;
        }
    }

    record CloseSale(int skuIndex, long timestamp, long correlationId) implements CommandRequest
    {
        @Override
        public void copyTo(final Command slot)
        {
            header(slot, CommandType.CLOSE_SALE, timestamp, correlationId);
            slot.skuIndex = skuIndex;
        }
    }
}
