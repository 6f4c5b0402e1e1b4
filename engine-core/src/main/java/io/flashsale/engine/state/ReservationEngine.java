package io.flashsale.engine.state;

import io.flashsale.engine.command.Command;
import io.flashsale.engine.command.CommandType;
import io.flashsale.engine.command.ProductDefinition;
import io.flashsale.engine.command.ReservationStatus;
import io.flashsale.engine.command.ResultCode;
import io.flashsale.engine.command.SaleState;
import io.flashsale.engine.timer.HierarchicalTimingWheel;
import io.flashsale.engine.timer.TimerHandler;
import org.agrona.DirectBuffer;
import org.agrona.collections.Object2IntHashMap;

import java.util.Arrays;

/**
 * The state machine of one shard: stock, holds, per-user counts, idempotency answers and hold
 * timers, changed only by {@link #apply}. Deterministic: the time comes from the command (clamped
 * so it never runs backwards), there is no clock, no I/O, no thread, so applying the same commands
 * gives the same state and the same {@link #stateHash()}.
 *
 * <p>Owned by one thread (the shard's business-logic thread, or a replay). Steady-state commands
 * allocate nothing.
 *
 * <p>Hold expiry: layer 1 is {@link HierarchicalTimingWheel}, advanced to the command's time before
 * the command is applied, so every hold whose deadline has passed is already expired when the
 * command runs; layer 2 is the check a confirm or cancel makes on the hold it touches; layer 3 is
 * the backstop's EXPIRE command.
 */
public final class ReservationEngine
{
    private static final int SNAPSHOT_MAGIC = 0x464C5348; // "FLSH"
    /** 2: the state hash sums running digests (1 walked the state). */
    private static final int SNAPSHOT_VERSION = 2;
    private static final int SNAPSHOT_END = 0x454E4453; // "ENDS"
    private static final int NO_SKU = -1;

    private final EngineConfig config;
    private final EngineEvents events;
    private final SkuState[] skus;
    private final Object2IntHashMap<String> skuIndexByCode = new Object2IntHashMap<>(NO_SKU);
    private final ReservationBook reservations;
    private final UserDirectory users;
    private final UserSkuUnits userUnits;
    private final HierarchicalTimingWheel holdTimers;
    private final TimerHandler expireByWheel = this::expireByWheel;
    private final long[] expiriesByLayer = new long[ExpiryLayer.values().length];
    private IdempotencyTable idempotency;
    private int skuCount;
    private long now;
    private long nextSaleEdge = Long.MAX_VALUE;
    private long commandsApplied;
    /** The hold an EXPIRE names while it is applied (0 otherwise), and whether the wheel ended it in this same command. */
    private long expireTarget;
    private boolean expireTargetEndedNow;

    public ReservationEngine(final EngineConfig config, final EngineListener listener)
    {
        this.config = config;
        this.users = new UserDirectory(config.expectedUsers());
        this.events = new EngineEvents(listener, users);
        this.skus = new SkuState[config.maxSkus()];
        this.reservations = new ReservationBook(config.shardId(), config.reservationCapacity());
        this.idempotency = new IdempotencyTable(config.idempotencyCapacity());
        this.userUnits = new UserSkuUnits(users, config.expectedUsers());
        // about a hold a user: the timer pool is sized for the crowd's holds, not only for the configured floor
        this.holdTimers = new HierarchicalTimingWheel(
            config.timerTickMillis(), config.timerSlotBits(), Math.max(config.timerCapacity(), config.expectedUsers()), 0);
    }

    /**
     * Applies one command and writes its answer into the command's result fields. Every type is
     * answered in one switch expression with no default, so a new {@link CommandType} does not
     * compile until it is given its handler here.
     */
    public void apply(final Command command)
    {
        // a read changes nothing, not even the time: it is not journaled, so a replay never sees it
        final boolean mutates = command.type.mutates();
        if (mutates)
        {
            command.clearResult();
            expireTarget = command.type == CommandType.EXPIRE ? command.reservationId : 0;
            expireTargetEndedNow = false;
            advanceTime(command.timestamp);
        }
        command.result = switch (command.type)
        {
            case RESERVE -> reserve(command);
            case CONFIRM -> finishByOwner(command, ReservationStatus.CONFIRMED);
            case CANCEL -> finishByOwner(command, ReservationStatus.CANCELLED);
            case EXPIRE -> expire(command);
            case TICK -> ResultCode.OK;
            case UPSERT_PRODUCT -> upsertProduct(command);
            case CLOSE_SALE -> closeSale(command);
            case READ_RESERVATION -> describeForOwner(command.reservationId, command.userId, command.userIdLength,
                command.timestamp, command);
        };
        if (mutates)
        {
            commandsApplied++;
        }
    }

    // ---------------------------------------------------------------- commands

    private ResultCode reserve(final Command command)
    {
        final SkuState sku = skuOrNull(command.skuIndex);
        if (sku == null)
        {
            return ResultCode.NOT_FOUND;
        }
        command.resultSkuIndex = sku.index();
        if (command.quantity < 1 || command.userIdLength < 1)
        {
            return ResultCode.INVALID_REQUEST;
        }
        final boolean keyed = (command.idempotencyKeyHigh | command.idempotencyKeyLow) != 0;
        int user = UserDirectory.NONE;
        if (keyed)
        {
            user = users.findOrAdd(command.userId, command.userIdLength);
            final int answer = idempotency.find(user, command.idempotencyKeyHigh, command.idempotencyKeyLow);
            if (answer != IdempotencyTable.NONE)
            {
                return replayAnswer(command, answer);
            }
        }
        // Cheapest refusals first: at peak most reserves meet a closed or sold-out SKU and never
        // need the user looked up.
        ResultCode decision = sku.saleState() != SaleState.OPEN ? ResultCode.SALE_NOT_OPEN :
            sku.available() < command.quantity ? ResultCode.SOLD_OUT : ResultCode.OK;
        long reservationId = 0;
        if (decision == ResultCode.OK)
        {
            if (user == UserDirectory.NONE)
            {
                user = users.find(command.userId, command.userIdLength);
            }
            final int unitsAlready = user == UserDirectory.NONE ? 0 : userUnits.get(user, sku.index());
            if ((long)unitsAlready + command.quantity > sku.perUserLimit())
            {
                decision = ResultCode.LIMIT_EXCEEDED;
            }
            else
            {
                if (user == UserDirectory.NONE)
                {
                    user = users.findOrAdd(command.userId, command.userIdLength);
                }
                final int slot = placeHold(sku, user, command.quantity);
                reservationId = reservations.id(slot);
                describe(slot, command);
            }
        }
        if (keyed)
        {
            idempotency.record(user, command.idempotencyKeyHigh, command.idempotencyKeyLow, decision, reservationId);
        }
        return decision;
    }

    private int placeHold(final SkuState sku, final int user, final int quantity)
    {
        final long expiresAt = now + sku.holdMillis();
        final int slot = reservations.place(sku.index(), user, quantity, now, expiresAt);
        sku.hold(quantity);
        userUnits.add(user, sku.index(), quantity);
        if (config.wheelExpiry())
        {
            reservations.timer(slot, holdTimers.schedule(expiresAt, reservations.id(slot)));
        }
        events.holdPlaced(reservations.id(slot), sku, user, quantity, now, expiresAt);
        events.availabilityChanged(sku);
        return slot;
    }

    private ResultCode replayAnswer(final Command command, final int answer)
    {
        command.idempotentReplay = true;
        final int slot = reservations.find(idempotency.reservationId(answer));
        if (slot != ReservationBook.NONE)
        {
            describe(slot, command);
        }
        else
        {
            command.resultReservationId = idempotency.reservationId(answer);
        }
        return idempotency.result(answer);
    }

    /** CONFIRM and CANCEL: the owner ends a HELD hold before its expiresAt. */
    private ResultCode finishByOwner(final Command command, final ReservationStatus outcome)
    {
        final int slot = ownedReservation(command);
        if (slot == ReservationBook.NONE)
        {
            return ResultCode.NOT_FOUND;
        }
        final ResultCode check = checkChangeable(slot);
        if (check == ResultCode.OK)
        {
            final SkuState sku = skus[reservations.sku(slot)];
            final int quantity = reservations.quantity(slot);
            cancelTimer(slot);
            if (outcome == ReservationStatus.CONFIRMED)
            {
                reservations.finish(slot, ReservationStatus.CONFIRMED);
                sku.sell(quantity);
                events.holdConfirmed(reservations.id(slot), sku, reservations.user(slot), quantity, now);
            }
            else
            {
                releaseHold(slot, sku, ReservationStatus.CANCELLED);
                events.holdCancelled(reservations.id(slot), sku, reservations.user(slot), quantity, now);
            }
            events.availabilityChanged(sku);
        }
        describe(slot, command);
        return check;
    }

    /** The backstop's entry point: a no-op unless the hold is HELD and overdue. */
    private ResultCode expire(final Command command)
    {
        final int slot = reservations.find(command.reservationId);
        if (slot == ReservationBook.NONE)
        {
            return ResultCode.NOT_FOUND;
        }
        if (reservations.isHeld(slot) && reservations.expiresAt(slot) <= now)
        {
            cancelTimer(slot);
            expireHold(slot, ExpiryLayer.SWEEPER);
        }
        else if (!reservations.isHeld(slot) && !expireTargetEndedNow)
        {
            // ended before this command: say how, for a store that missed it (why the sweeper asked)
            events.holdEndRestated(reservations.id(slot), skus[reservations.sku(slot)], reservations.user(slot),
                reservations.quantity(slot), now, reservations.status(slot));
        }
        describe(slot, command);
        return ResultCode.OK;
    }

    private ResultCode upsertProduct(final Command command)
    {
        final ProductDefinition product = command.product;
        if (product == null || !product.isValid())
        {
            return ResultCode.INVALID_REQUEST;
        }
        final int existing = skuIndexByCode.getValue(product.sku());
        final SkuState sku;
        if (existing != NO_SKU)
        {
            sku = skus[existing];
            if (product.stock() < sku.held() + sku.sold())
            {
                command.resultSkuIndex = existing;
                return ResultCode.INVALID_STATE;
            }
            sku.redefine(product, now);
        }
        else
        {
            if (skuCount == skus.length)
            {
                return ResultCode.INVALID_REQUEST;
            }
            sku = new SkuState(skuCount, product, now);
            skus[skuCount++] = sku;
            skuIndexByCode.put(product.sku(), sku.index());
        }
        nextSaleEdge = Math.min(nextSaleEdge, sku.nextEdgeAfter(now));
        command.resultSkuIndex = sku.index();
        events.productDefined(sku);
        return ResultCode.OK;
    }

    private ResultCode closeSale(final Command command)
    {
        final SkuState sku = skuOrNull(command.skuIndex);
        if (sku == null)
        {
            return ResultCode.NOT_FOUND;
        }
        if (!sku.closed())
        {
            sku.close(now);
            events.availabilityChanged(sku);
        }
        command.resultSkuIndex = sku.index();
        return ResultCode.OK;
    }

    // ---------------------------------------------------------------- holds and time

    private void advanceTime(final long timestamp)
    {
        if (timestamp > now)
        {
            now = timestamp;
        }
        holdTimers.advanceTo(now, expireByWheel);
        if (now >= nextSaleEdge)
        {
            refreshSaleStates();
        }
    }

    private void refreshSaleStates()
    {
        nextSaleEdge = Long.MAX_VALUE;
        for (int i = 0; i < skuCount; i++)
        {
            final SkuState sku = skus[i];
            if (sku.refreshSaleState(now))
            {
                events.availabilityChanged(sku);
            }
            nextSaleEdge = Math.min(nextSaleEdge, sku.nextEdgeAfter(now));
        }
    }

    private void expireByWheel(final long reservationId, final long deadline)
    {
        final int slot = reservations.find(reservationId);
        if (slot != ReservationBook.NONE && reservations.isHeld(slot))
        {
            reservations.timer(slot, ReservationBook.NONE);
            expireHold(slot, ExpiryLayer.WHEEL);
        }
    }

    /** Layer 2: an overdue hold is expired by whatever touches it, before any timer fires. */
    private ResultCode checkChangeable(final int slot)
    {
        if (reservations.isHeld(slot) && reservations.expiresAt(slot) <= now)
        {
            if (!config.lazyExpiry())
            {
                return ResultCode.HOLD_EXPIRED;
            }
            cancelTimer(slot);
            expireHold(slot, ExpiryLayer.LAZY);
        }
        return switch (reservations.status(slot))
        {
            case HELD -> ResultCode.OK;
            case EXPIRED -> ResultCode.HOLD_EXPIRED;
            case CONFIRMED, CANCELLED -> ResultCode.INVALID_STATE;
        };
    }

    private void expireHold(final int slot, final ExpiryLayer layer)
    {
        final SkuState sku = skus[reservations.sku(slot)];
        releaseHold(slot, sku, ReservationStatus.EXPIRED);
        expiriesByLayer[layer.ordinal()]++;
        expireTargetEndedNow |= reservations.id(slot) == expireTarget;
        events.holdExpired(reservations.id(slot), sku, reservations.user(slot), reservations.quantity(slot), now, layer);
        events.availabilityChanged(sku);
    }

    private void releaseHold(final int slot, final SkuState sku, final ReservationStatus status)
    {
        final int quantity = reservations.quantity(slot);
        reservations.finish(slot, status);
        sku.release(quantity);
        userUnits.add(reservations.user(slot), sku.index(), -quantity);
    }

    private void cancelTimer(final int slot)
    {
        final int timer = reservations.timer(slot);
        if (timer != ReservationBook.NONE)
        {
            holdTimers.cancel(timer);
            reservations.timer(slot, ReservationBook.NONE);
        }
    }

    private int ownedReservation(final Command command)
    {
        final int slot = reservations.find(command.reservationId);
        if (slot == ReservationBook.NONE || command.userIdLength < 1)
        {
            return ReservationBook.NONE;
        }
        return users.matches(reservations.user(slot), command.userId, command.userIdLength) ? slot : ReservationBook.NONE;
    }

    private SkuState skuOrNull(final int index)
    {
        return index >= 0 && index < skuCount ? skus[index] : null;
    }

    private void describe(final int slot, final Command target)
    {
        target.resultSkuIndex = reservations.sku(slot);
        target.resultReservationId = reservations.id(slot);
        target.resultStatus = reservations.status(slot);
        target.resultQuantity = reservations.quantity(slot);
        target.resultCreatedAt = reservations.createdAt(slot);
        target.resultExpiresAt = reservations.expiresAt(slot);
    }

    // ---------------------------------------------------------------- reads (owning thread only)

    /**
     * Describes a reservation into the target's result fields without changing anything. A HELD
     * reservation past its expiresAt at {@code readTime} reads as EXPIRED, as the API promises,
     * whether or not a command has expired it yet.
     *
     * @return false when the reservation is unknown, not retained, or not owned by {@code userId}.
     */
    public boolean readReservation(final long reservationId, final byte[] userId, final int userIdLength,
        final long readTime, final Command target)
    {
        target.result = describeForOwner(reservationId, userId, userIdLength, readTime, target);
        return target.result == ResultCode.OK;
    }

    /** {@link #readReservation}'s answer, also READ_RESERVATION's: clears the target's result, then describes. */
    private ResultCode describeForOwner(final long reservationId, final byte[] userId, final int userIdLength,
        final long readTime, final Command target)
    {
        target.clearResult();
        final int slot = reservations.find(reservationId);
        if (slot == ReservationBook.NONE || !users.matches(reservations.user(slot), userId, userIdLength))
        {
            return ResultCode.NOT_FOUND;
        }
        describe(slot, target);
        if (reservations.isHeld(slot) && reservations.expiresAt(slot) <= Math.max(now, readTime))
        {
            target.resultStatus = ReservationStatus.EXPIRED;
        }
        return ResultCode.OK;
    }

    /** The owner (a user index) of a retained reservation, or -1 when it is unknown or forgotten. */
    public int ownerOf(final long reservationId)
    {
        final int slot = reservations.find(reservationId);
        return slot == ReservationBook.NONE ? -1 : reservations.user(slot);
    }

    public long now()
    {
        return now;
    }

    public EngineConfig config()
    {
        return config;
    }

    public int skuCount()
    {
        return skuCount;
    }

    public SkuState sku(final int index)
    {
        return skuOrNull(index);
    }

    /** @return the SKU's index in this shard, or -1 when this shard does not own it. */
    public int skuIndex(final String skuCode)
    {
        return skuIndexByCode.getValue(skuCode);
    }

    public int holdsActive()
    {
        return reservations.holdsActive();
    }

    public int unitsOf(final int userIndex, final int skuIndex)
    {
        return userUnits.get(userIndex, skuIndex);
    }

    public int userIndex(final byte[] userId, final int length)
    {
        return users.find(userId, length);
    }

    public String userIdText(final int userIndex)
    {
        return users.userIdText(userIndex);
    }

    public long expiries(final ExpiryLayer layer)
    {
        return expiriesByLayer[layer.ordinal()];
    }

    public long commandsApplied()
    {
        return commandsApplied;
    }

    public int timersPending()
    {
        return holdTimers.timerCount();
    }

    // ---------------------------------------------------------------- state hash and snapshots

    /**
     * A 64-bit hash of the whole state; equal engines hash equal. O(SKUs): the collections keep
     * running digests ({@link StateHash}), so a checkpoint does not pause the logic thread.
     */
    public long stateHash()
    {
        final StateHash hash = new StateHash();
        hash.add(config.shardId()).add(now).add(commandsApplied).add(skuCount);
        for (final long expiries : expiriesByLayer)
        {
            hash.add(expiries);
        }
        for (int i = 0; i < skuCount; i++)
        {
            skus[i].hashInto(hash);
        }
        users.hashInto(hash);
        reservations.hashInto(hash);
        userUnits.hashInto(hash);
        idempotency.hashInto(hash);
        hash.add(holdTimers.currentTick()).add(holdTimers.timerCount()).add(holdTimers.digest());
        return hash.value();
    }

    /**
     * Writes the whole state, framed and checked:
     * <pre>
     *  int magic | int version | int shardId | long now | long commandsApplied | long[3] expiries
     *  int skuCount | SKUs | users | reservations | user units | idempotency | timing wheel
     *  int end marker | long stateHash
     * </pre>
     * {@link #restore} is the exact inverse: the restored engine has the same {@link #stateHash()}.
     */
    public void writeSnapshot(final SnapshotOut out)
    {
        out.putInt(SNAPSHOT_MAGIC).putInt(SNAPSHOT_VERSION).putInt(config.shardId())
            .putLong(now).putLong(commandsApplied);
        for (final long expiries : expiriesByLayer)
        {
            out.putLong(expiries);
        }
        out.putInt(skuCount);
        for (int i = 0; i < skuCount; i++)
        {
            skus[i].writeTo(out);
        }
        users.writeTo(out);
        reservations.writeTo(out);
        userUnits.writeTo(out);
        idempotency.writeTo(out);
        out.position(holdTimers.writeTo(out.buffer(), out.position()));
        out.putInt(SNAPSHOT_END).putLong(stateHash());
    }

    /**
     * Builds an engine from a snapshot written by {@link #writeSnapshot}. A torn, damaged or
     * foreign snapshot throws {@link CorruptSnapshotException}; nothing half-loaded escapes.
     */
    public static ReservationEngine restore(final EngineConfig config, final EngineListener listener,
        final DirectBuffer buffer, final int offset, final int length)
    {
        final ReservationEngine engine = new ReservationEngine(config, listener);
        try
        {
            engine.load(new SnapshotIn(buffer, offset, length));
        }
        catch (final CorruptSnapshotException ex)
        {
            throw ex;
        }
        catch (final RuntimeException ex)
        {
            throw new CorruptSnapshotException("snapshot could not be read: " + ex.getMessage(), ex);
        }
        for (int i = 0; i < engine.skuCount; i++)
        {
            engine.events.productDefined(engine.skus[i]);
        }
        return engine;
    }

    private void load(final SnapshotIn in)
    {
        if (in.getInt() != SNAPSHOT_MAGIC)
        {
            throw new CorruptSnapshotException("not an engine snapshot");
        }
        final int version = in.getInt();
        if (version != SNAPSHOT_VERSION)
        {
            throw new CorruptSnapshotException("snapshot format " + version + " is not " + SNAPSHOT_VERSION);
        }
        final int shard = in.getInt();
        if (shard != config.shardId())
        {
            throw new CorruptSnapshotException("snapshot of shard " + shard + " given to shard " + config.shardId());
        }
        now = in.getLong();
        commandsApplied = in.getLong();
        for (int i = 0; i < expiriesByLayer.length; i++)
        {
            expiriesByLayer[i] = in.getLong();
        }
        skuCount = in.getCount(skus.length);
        for (int i = 0; i < skuCount; i++)
        {
            skus[i] = SkuState.readFrom(i, in);
            if (skuIndexByCode.put(skus[i].sku(), i) != NO_SKU)
            {
                throw new CorruptSnapshotException("SKU twice in snapshot: " + skus[i].sku());
            }
        }
        users.readFrom(in);
        reservations.readFrom(in, skuCount, users.count());
        userUnits.readFrom(in);
        idempotency = new IdempotencyTable(IdempotencyTable.readCapacity(in));
        idempotency.readFrom(in, users.count());
        in.position(holdTimers.readFrom(in.buffer(), in.position(), (timerId, reservationId) ->
        {
            final int slot = reservations.find(reservationId);
            if (slot == ReservationBook.NONE || !reservations.isHeld(slot))
            {
                throw new CorruptSnapshotException("timer for a reservation that is not held: " + reservationId);
            }
            reservations.timer(slot, timerId);
        }));
        if (in.getInt() != SNAPSHOT_END)
        {
            throw new CorruptSnapshotException("snapshot end marker missing");
        }
        final long expectedHash = in.getLong();
        if (expectedHash != stateHash())
        {
            throw new CorruptSnapshotException("snapshot state hash does not match its content");
        }
        nextSaleEdge = Long.MAX_VALUE;
        for (int i = 0; i < skuCount; i++)
        {
            nextSaleEdge = Math.min(nextSaleEdge, skus[i].nextEdgeAfter(now));
        }
    }

    @Override
    public String toString()
    {
        return "ReservationEngine{shard=" + config.shardId() + ", now=" + now + ", skus=" + skuCount +
            ", holds=" + reservations.holdsActive() + ", expiries=" + Arrays.toString(expiriesByLayer) + '}';
    }
}
