package io.flashsale.journal.cli;

import io.flashsale.engine.command.ProductDefinition;
import io.flashsale.engine.command.ResultCode;
import io.flashsale.engine.state.EngineConfig;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * One SKU's units as the journal accounts for them, kept apart from the engine so that an audit can
 * judge the engine's answers rather than repeat them: the stock of the last accepted UPSERT_PRODUCT,
 * the holds placed, each with its owner, quantity and {@code expiresAt = time + holdSeconds * 1000},
 * until it is confirmed (sold), cancelled or expired. {@code available = stock - held - sold}.
 *
 * <p>Time follows the engine's rules: a command's timestamp, never running backwards. With the
 * timing wheel on (the default) a hold whose expiresAt is at or before that time has ended before
 * the command is decided: the wheel fires deadlines {@code <= now} first. With it off (only to test
 * the backstop) an overdue hold ends only when an EXPIRE names it, or, with lazy expiry on, when a
 * confirm or cancel touches it.
 */
final class SkuLedger
{
    private record Hold(long reservationId, int quantity, long expiresAt, String owner)
    {
    }

    private final boolean wheelExpiry;
    private final boolean lazyExpiry;
    private final Long2ObjectHashMap<Hold> holds = new Long2ObjectHashMap<>();
    /** With the wheel on: live holds by deadline, and holds that have ended already (skipped when reached). */
    private final PriorityQueue<Hold> byDeadline = new PriorityQueue<>(Comparator.comparingLong(Hold::expiresAt));
    /** Null until the SKU is defined. */
    private ProductDefinition product;
    private boolean closed;
    private int held;
    private int sold;
    private long now;

    SkuLedger(final EngineConfig journalsEngine)
    {
        this.wheelExpiry = journalsEngine.wheelExpiry();
        this.lazyExpiry = journalsEngine.lazyExpiry();
    }

    /** Moves to a command's time: with the wheel on, every hold due by then ends. */
    void advanceTo(final long timestamp)
    {
        now = Math.max(now, timestamp);
        while (!byDeadline.isEmpty() && byDeadline.peek().expiresAt() <= now)
        {
            end(byDeadline.poll());
        }
    }

    /**
     * An UPSERT_PRODUCT of this SKU that the shard has room for.
     *
     * @return false when it must be refused: an invalid product, or a new stock below held + sold.
     */
    boolean define(final ProductDefinition next)
    {
        if (!next.isValid() || (product != null && next.stock() < held + sold))
        {
            return false;
        }
        product = next;
        return true;
    }

    boolean defined()
    {
        return product != null;
    }

    boolean open()
    {
        return !closed && now >= product.saleStart() && now < product.saleEnd();
    }

    void close()
    {
        closed = true;
    }

    /** The expiresAt a hold placed now gets. */
    long deadlineOfNewHold()
    {
        return now + product.holdSeconds() * 1000L;
    }

    void hold(final long reservationId, final int quantity, final String owner)
    {
        final Hold hold = new Hold(reservationId, quantity, deadlineOfNewHold(), owner);
        holds.put(reservationId, hold);
        if (wheelExpiry)
        {
            byDeadline.add(hold);
        }
        held += quantity;
    }

    /**
     * CONFIRM or CANCEL of a reservation by {@code caller}.
     *
     * @return the answer it must get: NOT_FOUND from anyone but the owner, HOLD_EXPIRED past the
     * deadline (lazy expiry ends the hold), else OK and the hold ends; null when the reservation is
     * not one of this SKU's holds, or has ended.
     */
    ResultCode finish(final long reservationId, final String caller, final boolean confirm)
    {
        final Hold hold = holds.get(reservationId);
        if (hold == null)
        {
            return null;
        }
        if (!hold.owner().equals(caller))
        {
            return ResultCode.NOT_FOUND;
        }
        if (hold.expiresAt() <= now)
        {
            if (lazyExpiry)
            {
                end(hold);
            }
            return ResultCode.HOLD_EXPIRED;
        }
        end(hold);
        if (confirm)
        {
            sold += hold.quantity();
        }
        return ResultCode.OK;
    }

    /** EXPIRE: ends the hold only if its deadline has passed. */
    void expireIfOverdue(final long reservationId)
    {
        final Hold hold = holds.get(reservationId);
        if (hold != null && hold.expiresAt() <= now)
        {
            end(hold);
        }
    }

    int stock()
    {
        return product.stock();
    }

    int available()
    {
        return product.stock() - held - sold;
    }

    int held()
    {
        return held;
    }

    int sold()
    {
        return sold;
    }

    private void end(final Hold hold)
    {
        if (holds.remove(hold.reservationId()) == hold)
        {
            held -= hold.quantity();
        }
    }
}
