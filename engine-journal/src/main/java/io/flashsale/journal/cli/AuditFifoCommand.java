package io.flashsale.journal.cli;

import io.flashsale.engine.shard.ShardRouter;
import io.flashsale.engine.state.EngineConfig;
import io.flashsale.engine.state.EngineListener;
import io.flashsale.engine.state.ReservationEngine;
import io.flashsale.journal.DataDirectory;
import io.flashsale.journal.JournalScanner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;

/**
 * Arrival order is journal order (the ring sequences every producer). The audit replays the SKU's
 * shard from the start through a fresh engine and judges every answer it gives the SKU against a
 * ledger of the SKU's units kept apart from the engine ({@link FifoAudit}): SOLD_OUT only when
 * fewer units were available than asked, a hold only when enough were, both counted after the
 * holds whose deadline had passed at the reserve's time gave their units back, and reservation ids
 * rising with arrival. So no later arrival got a unit an earlier one was refused.
 */
@Command(name = "audit-fifo", description = "Proof that the SKU's reservations were decided in arrival order, or the first violation.")
final class AuditFifoCommand extends JournalCommand
{
    @Option(names = "--sku", required = true, paramLabel = "S")
    String sku;

    @Override
    int run(final DataDirectory.Layout layout, final PrintWriter out) throws Exception
    {
        final int shard = new ShardRouter(layout.shards()).shardOf(sku);
        final EngineConfig config = layout.engineConfig(shard);
        final FifoAudit audit = new FifoAudit(sku, config, new ReservationEngine(config, EngineListener.NONE));
        final JournalScanner.Result scan = scan(shard, audit);
        if (audit.endOfJournal() != null)
        {
            out.printf("FIFO VIOLATED for %s: %s%n", sku, audit.violation());
            return 1;
        }
        if (scan.damage() != null)
        {
            out.printf("journal of shard %d damaged after index %d (%s): audit incomplete%n", shard,
                scan.damage().lastGoodIndex(), scan.damage().reason());
            return 1;
        }
        final SkuLedger ledger = audit.ledger();
        if (!ledger.defined())
        {
            out.printf("%s is not in the journal of shard %d%n", sku, shard);
            return 0;
        }
        out.printf("FIFO holds for %s: %,d reserves decided in arrival order (journal index %d..%d of shard %d); " +
                "%,d holds placed with ids rising, %,d refused SOLD_OUT each with fewer units available than asked; " +
                "now stock %d = available %d + held %d + sold %d%n",
            sku, audit.reserves(), scan.firstIndex(), scan.lastIndex(), shard, audit.holds(), audit.soldOut(),
            ledger.stock(), ledger.available(), ledger.held(), ledger.sold());
        return 0;
    }
}
