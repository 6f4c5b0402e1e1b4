package io.flashsale.journal.cli;

import io.flashsale.engine.command.Command;
import io.flashsale.engine.command.CommandType;
import io.flashsale.engine.command.ReservationId;
import io.flashsale.engine.command.ResultCode;
import io.flashsale.engine.state.EngineConfig;
import io.flashsale.engine.state.ReservationEngine;
import io.flashsale.engine.state.SkuState;
import io.flashsale.journal.JournalScanner;
import io.flashsale.journal.record.JournalRecord;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Replays a shard's journal through an engine and judges the answers it gives one SKU against a
 * {@link SkuLedger} built beside it from the journaled commands alone: a hold only when the sale was
 * open and the ledger had the units, SOLD_OUT only when it had fewer than asked, reservation ids
 * rising, each hold until time + holdSeconds, confirms and cancels answered as the ledger's holds
 * say. The ledger takes from the engine only the id each hold got (and idempotent replays, which
 * decide nothing). So an engine that decides wrongly, or counts its units wrongly, is caught rather
 * than repeated.
 */
final class FifoAudit implements JournalScanner.RecordVisitor
{
    private final String sku;
    private final ReservationEngine engine;
    private final SkuCodes codes;
    private final SkuLedger ledger;
    /** The SKU's index in the shard, learnt from the journal (-1 until it is defined). */
    private int skuIndex = -1;
    private long reserves;
    private long holds;
    private long soldOut;
    private long lastReservationId;
    private String violation;

    /**
     * @param journalsEngine the configuration of the engine that wrote the journal: the ledger follows its rules.
     * @param engine         the engine whose answers are judged, fresh.
     */
    FifoAudit(final String sku, final EngineConfig journalsEngine, final ReservationEngine engine)
    {
        this.sku = sku;
        this.engine = engine;
        this.codes = new SkuCodes(journalsEngine.maxSkus());
        this.ledger = new SkuLedger(journalsEngine);
    }

    @Override
    public boolean onRecord(final JournalRecord record)
    {
        if (!record.isCommand())
        {
            return true;
        }
        final Command command = record.command;
        final long index = record.journalIndex;
        engine.apply(command);
        codes.learn(command);
        if (command.type.mutates())
        {
            ledger.advanceTo(command.timestamp);
        }
        violation = switch (command.type)
        {
            case UPSERT_PRODUCT -> define(index, command);
            case RESERVE -> isOurs(command.skuIndex) ? reserve(index, command) : null;
            case CONFIRM, CANCEL -> finish(index, command);
            case EXPIRE ->
            {
                ledger.expireIfOverdue(command.reservationId);
                yield null;
            }
            case CLOSE_SALE ->
            {
                if (isOurs(command.skuIndex))
                {
                    ledger.close();
                }
                yield null;
            }
            case TICK, READ_RESERVATION -> null;
        };
        return violation == null;
    }

    /**
     * After the last record: the engine's count of the SKU's units must be the ledger's.
     *
     * @return the first violation, or null.
     */
    String endOfJournal()
    {
        if (violation == null && ledger.defined())
        {
            final SkuState state = engine.sku(engine.skuIndex(sku));
            if (state == null || state.stock() != ledger.stock() || state.available() != ledger.available() ||
                state.held() != ledger.held() || state.sold() != ledger.sold())
            {
                violation = "at the end of the journal the engine counts " + (state == null ? "no such SKU" :
                    units(state.stock(), state.available(), state.held(), state.sold())) + ", the ledger " +
                    units(ledger.stock(), ledger.available(), ledger.held(), ledger.sold());
            }
        }
        return violation;
    }

    /** The first violation, or null. */
    String violation()
    {
        return violation;
    }

    SkuLedger ledger()
    {
        return ledger;
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

    private boolean isOurs(final int index)
    {
        return index >= 0 && index == skuIndex;
    }

    private String define(final long index, final Command command)
    {
        if (command.product == null || !sku.equals(command.product.sku()))
        {
            return null;
        }
        skuIndex = codes.indexOf(sku);
        final boolean accepted = skuIndex >= 0 && ledger.define(command.product);
        return accepted == (command.result == ResultCode.OK) ? null :
            "index " + index + " answered " + command.result + " to a product definition the ledger " +
                (accepted ? "accepts" : "refuses");
    }

    private String reserve(final long index, final Command command)
    {
        reserves++;
        if (command.idempotentReplay)
        {
            return null; // an earlier answer repeated: nothing was decided now
        }
        if (command.result == ResultCode.OK)
        {
            holds++;
            final String wrong = judgeHold(index, command);
            lastReservationId = command.resultReservationId;
            ledger.hold(command.resultReservationId, command.quantity, caller(command));
            return wrong;
        }
        if (command.result == ResultCode.SOLD_OUT)
        {
            soldOut++;
            return ledger.available() < command.quantity ? null : "index " + index + " was refused SOLD_OUT with " +
                ledger.available() + " available for a request of " + command.quantity;
        }
        return null;
    }

    private String judgeHold(final long index, final Command command)
    {
        final long id = command.resultReservationId;
        if (!ledger.open())
        {
            return "index " + index + " placed a hold while the sale was not open";
        }
        if (ledger.available() < command.quantity)
        {
            return "index " + index + " placed a hold of " + command.quantity + " with " + ledger.available() + " available";
        }
        if (id <= lastReservationId)
        {
            return "index " + index + " got " + ReservationId.toText(id) + " after " + ReservationId.toText(lastReservationId);
        }
        if (command.resultExpiresAt != ledger.deadlineOfNewHold())
        {
            return "index " + index + " got " + ReservationId.toText(id) + " until " +
                Instant.ofEpochMilli(command.resultExpiresAt) + ", not time + holdSeconds = " +
                Instant.ofEpochMilli(ledger.deadlineOfNewHold());
        }
        return null;
    }

    private String finish(final long index, final Command command)
    {
        final long id = command.reservationId;
        final ResultCode expected = ledger.finish(id, caller(command), command.type == CommandType.CONFIRM);
        if (expected == null)
        {
            return command.result == ResultCode.OK && isOurs(command.resultSkuIndex) ? "index " + index +
                " answered OK to " + command.type + " " + ReservationId.toText(id) + ", a hold of " + sku +
                " the ledger does not have (ended, or never placed)" : null;
        }
        return command.result == expected ? null : "index " + index + " answered " + command.result + " to " +
            command.type + " " + ReservationId.toText(id) + ", the ledger " + expected;
    }

    /** User ids as bytes, one char each: equal exactly when the bytes are. */
    private static String caller(final Command command)
    {
        return new String(command.userId, 0, command.userIdLength, StandardCharsets.ISO_8859_1);
    }

    private static String units(final int stock, final int available, final int held, final int sold)
    {
        return "stock " + stock + " = available " + available + " + held " + held + " + sold " + sold;
    }
}
