package io.flashsale.journal.cli;

import io.flashsale.engine.command.Command;
import io.flashsale.engine.command.CommandType;
import io.flashsale.engine.command.ReservationId;
import io.flashsale.engine.command.ResultCode;
import io.flashsale.engine.state.ReservationEngine;
import io.flashsale.journal.JournalScanner;
import io.flashsale.journal.record.JournalRecord;

/**
 * Replays a shard's journal through an engine and judges the answers it gives one SKU's reserves.
 */
final class FifoAudit implements JournalScanner.RecordVisitor
{
    private final String sku;
    private final ReservationEngine engine;
    private long reserves;
    private long holds;
    private long soldOut;
    private long lastReservationId;
    private String violation;

    FifoAudit(final String sku, final ReservationEngine engine)
    {
        this.sku = sku;
        this.engine = engine;
    }

    @Override
    public boolean onRecord(final JournalRecord record)
    {
        if (!record.isCommand())
        {
            return true;
        }
        final int skuIndex = engine.skuIndex(sku);
        final boolean ours = record.command.type == CommandType.RESERVE && skuIndex >= 0 &&
            record.command.skuIndex == skuIndex;
        final int availableBefore = ours ? engine.sku(skuIndex).available() : 0;
        engine.apply(record.command);
        return !ours || check(record.journalIndex, availableBefore, record.command);
    }

    /** The first violation, or null. */
    String violation()
    {
        return violation;
    }

    long reserves()
    {
        return reserves;
    }

    long holds()
    {
        return holds;
    }

    long soldOut()
    {
        return soldOut;
    }

    private boolean check(final long index, final int availableBefore, final Command command)
    {
        reserves++;
        if (command.result == ResultCode.OK && !command.idempotentReplay)
        {
            holds++;
            if (availableBefore < command.quantity)
            {
                violation = "index " + index + " placed a hold of " + command.quantity + " with " + availableBefore + " available";
            }
            else if (command.resultReservationId <= lastReservationId)
            {
                violation = "index " + index + " got " + ReservationId.toText(command.resultReservationId) +
                    " after " + ReservationId.toText(lastReservationId);
            }
            lastReservationId = command.resultReservationId;
        }
        else if (command.result == ResultCode.SOLD_OUT && !command.idempotentReplay)
        {
            soldOut++;
            if (availableBefore >= command.quantity)
            {
                violation = "index " + index + " was refused SOLD_OUT with " + availableBefore +
                    " available for a request of " + command.quantity;
            }
        }
        return violation == null;
    }
}
