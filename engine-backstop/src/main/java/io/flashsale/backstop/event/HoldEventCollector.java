package io.flashsale.backstop.event;

import io.flashsale.engine.command.Command;
import io.flashsale.engine.command.CommandType;
import io.flashsale.engine.command.ReservationId;
import io.flashsale.engine.command.ReservationStatus;
import io.flashsale.engine.command.ResultCode;
import io.flashsale.engine.state.EngineListener;
import io.flashsale.engine.state.ExpiryLayer;
import io.flashsale.engine.state.ReservationEngine;
import io.flashsale.engine.state.SkuState;
import io.flashsale.journal.JournalFollower;

import java.util.List;

/**
 * Turns what a following engine does into hold events, each stamped with the journal index of the
 * command that caused it. Only commands applied live are told (the follower's catch-up to its start
 * index is silent), so a restart at the exported position emits nothing twice but the batch that
 * was in flight.
 *
 * <p>An EXPIRE (the sweeper's command) for a hold that had already ended changes nothing in the
 * engine; it is answered here with a correcting event that restates how the hold ended, so a
 * Postgres that missed the end catches up.
 */
public final class HoldEventCollector implements EngineListener, JournalFollower.Observer
{
    private final List<HoldEvent> target;
    private ReservationEngine engine;
    private long journalIndex;
    private boolean applying;
    /** The hold an EXPIRE names, and whether this command already told of it (then no restatement). */
    private long expireTarget;
    private boolean targetTold;

    /** @param target where events are appended, in journal order. */
    public HoldEventCollector(final List<HoldEvent> target)
    {
        this.target = target;
    }

    /** The follower's engine, known once it has been rebuilt. */
    public void attach(final ReservationEngine engine)
    {
        this.engine = engine;
    }

    @Override
    public void beforeApply(final long journalIndex, final Command command)
    {
        this.journalIndex = journalIndex;
        this.applying = true;
        this.expireTarget = command.type == CommandType.EXPIRE ? command.reservationId : 0;
        this.targetTold = false;
    }

    @Override
    public void afterApply(final Command command)
    {
        if (command.type == CommandType.EXPIRE && command.result == ResultCode.OK && !targetTold &&
            command.resultStatus != ReservationStatus.HELD)
        {
            final int owner = engine.ownerOf(command.resultReservationId);
            if (owner >= 0)
            {
                add(HoldEventType.reaching(command.resultStatus), command.resultReservationId,
                    engine.sku(command.resultSkuIndex), owner, command.resultQuantity, command.timestamp, 0);
            }
        }
        applying = false;
    }

    @Override
    public void onHoldPlaced(final long reservationId, final SkuState sku, final int userIndex, final int quantity, final long at)
    {
        add(HoldEventType.HOLD_PLACED, reservationId, sku, userIndex, quantity, at, at + sku.holdMillis());
    }

    @Override
    public void onHoldConfirmed(final long reservationId, final SkuState sku, final int userIndex, final int quantity, final long at)
    {
        add(HoldEventType.HOLD_CONFIRMED, reservationId, sku, userIndex, quantity, at, 0);
    }

    @Override
    public void onHoldCancelled(final long reservationId, final SkuState sku, final int userIndex, final int quantity, final long at)
    {
        add(HoldEventType.HOLD_CANCELLED, reservationId, sku, userIndex, quantity, at, 0);
    }

    @Override
    public void onHoldExpired(final long reservationId, final SkuState sku, final int userIndex, final int quantity,
        final long at, final ExpiryLayer layer)
    {
        add(HoldEventType.HOLD_EXPIRED, reservationId, sku, userIndex, quantity, at, 0);
    }

    private void add(final HoldEventType type, final long reservationId, final SkuState sku, final int userIndex,
        final int quantity, final long at, final long expiresAt)
    {
        if (!applying)
        {
            return;
        }
        targetTold |= reservationId == expireTarget;
        target.add(new HoldEvent(type, ReservationId.toText(reservationId), sku.sku(), engine.userIdText(userIndex),
            quantity, at, expiresAt, journalIndex));
    }
}
