package io.flashsale.journal.cli;

import io.flashsale.engine.state.EngineListener;
import io.flashsale.engine.state.ReservationEngine;
import io.flashsale.engine.state.SkuState;
import io.flashsale.journal.DataDirectory;
import io.flashsale.journal.ShardRecovery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;

@Command(name = "replay", description = "The state at index N: per-SKU availability and the state hash.")
final class ReplayCommand extends JournalCommand
{
    @Option(names = "--to", required = true, paramLabel = "N", description = "the last index to apply")
    long to;

    @Option(names = "--sku", paramLabel = "S", description = "only this SKU")
    String sku;

    @Override
    int run(final DataDirectory.Layout layout, final PrintWriter out) throws Exception
    {
        final int shard = sku != null && data.shard == null ?
            new io.flashsale.engine.shard.ShardRouter(layout.shards()).shardOf(sku) : data.singleShard(layout);
        final ShardRecovery.Result result = new ShardRecovery(data.directory(), layout, data.settings(), line -> { })
            .recover(shard, EngineListener.NONE, ShardRecovery.Options.readOnly(to, true));
        final ReservationEngine engine = result.engine();
        out.printf("shard %d at journal index %d (snapshot %d + %d replayed): state hash %016x%n", shard,
            result.lastIndex(), result.snapshotIndex(), result.replayed(), engine.stateHash());
        out.printf("%-12s %8s %9s %8s %8s %8s %s%n", "sku", "stock", "available", "held", "sold", "version", "state");
        for (int i = 0; i < engine.skuCount(); i++)
        {
            final SkuState state = engine.sku(i);
            if (sku == null || sku.equals(state.sku()))
            {
                out.printf("%-12s %8d %9d %8d %8d %8d %s%n", state.sku(), state.stock(), state.available(), state.held(),
                    state.sold(), state.version(), state.saleState());
            }
        }
        return 0;
    }
}
