package io.flashsale.backstop.event;

import io.flashsale.engine.command.Command;
import io.flashsale.engine.command.ReservationIdFormat;
import io.flashsale.engine.event.HoldCancelled;
import io.flashsale.engine.event.HoldConfirmed;
import io.flashsale.engine.event.HoldEndRestated;
import io.flashsale.engine.event.HoldExpired;
import io.flashsale.engine.event.HoldFact;
import io.flashsale.engine.event.HoldPlaced;
import io.flashsale.engine.state.EngineListener;
import io.flashsale.journal.JournalFollower;

import java.util.List;

/**
 * Turns what a following engine tells into hold events, each stamped with the journal index of the
 * command that caused it. Only commands applied live are told (the follower's catch-up to its start
 * index is silent), so a restart at the exported position emits nothing twice but the batch that
 * was in flight. Every fact comes from the engine's own event, the correcting restatement of an
 * EXPIRE for a hold that had already ended too ({@link HoldEndRestated}).
 */
public final class HoldEventCollector implements EngineListener, JournalFollower.Observer
{
    private final List<HoldEvent> target;
    private final ReservationIdFormat reservationIds;
    private long journalIndex;
    private boolean applying;

    /**
     * @param target         where events are appended, in journal order.
     * @param reservationIds how this node writes ids (with its group in a cluster).
     */
    public HoldEventCollector(final List<HoldEvent> target, final ReservationIdFormat reservationIds)
    {
        this.target = target;
        this.reservationIds = reservationIds;
    }

    @Override
    public void beforeApply(final long journalIndex, final Command command)
    {
        this.journalIndex = journalIndex;
        this.applying = true;
    }

    @Override
    public void afterApply(final Command command)
    {
        applying = false;
    }

    @Override
    public void onHoldPlaced(final HoldPlaced event)
    {
        add(HoldEventType.HOLD_PLACED, event, event.expiresAt);
    }

    @Override
    public void onHoldConfirmed(final HoldConfirmed event)
    {
        add(HoldEventType.HOLD_CONFIRMED, event, 0);
    }

    @Override
    public void onHoldCancelled(final HoldCancelled event)
    {
        add(HoldEventType.HOLD_CANCELLED, event, 0);
    }

    @Override
    public void onHoldExpired(final HoldExpired event)
    {
        add(HoldEventType.HOLD_EXPIRED, event, 0);
    }

    @Override
    public void onHoldEndRestated(final HoldEndRestated event)
    {
        add(HoldEventType.reaching(event.endedAs), event, 0);
    }

    private void add(final HoldEventType type, final HoldFact event, final long expiresAt)
    {
        if (applying)
        {
            target.add(new HoldEvent(type, reservationIds.toText(event.reservationId), event.sku, event.userIdText(),
                event.quantity, event.at, expiresAt, journalIndex));
        }
    }
}
