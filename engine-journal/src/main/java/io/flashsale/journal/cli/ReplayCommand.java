package io.flashsale.journal.cli;

import io.flashsale.engine.state.EngineListener;
import io.flashsale.engine.state.ReservationEngine;
import io.flashsale.engine.state.SkuState;
import io.flashsale.journal.DataDirectory;
import io.flashsale.journal.ShardRecovery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "replay", description = "The state at index N: per-SKU availability and the state hash.")
final class ReplayCommand implements Callable<Integer>
{
    @Mixin
    DataDirOption data;

    @Option(names = "--to", required = true, paramLabel = "N", description = "the last index to apply")
    long to;

    @Option(names = "--sku", paramLabel = "S", description = "only this SKU")
    String sku;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call()
    {
        final DataDirectory.Layout layout = data.layout();
        final PrintWriter out = spec.commandLine().getOut();
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
        out.flush();
        return 0;
    }
}
