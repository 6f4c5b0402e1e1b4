package io.flashsale.journal.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.flashsale.engine.command.CommandType;
import io.flashsale.journal.DataDirectory;
import io.flashsale.journal.JournalScanner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Map;

@Command(name = "dump", description = "Journal entries, one a line.")
final class DumpCommand extends JournalCommand
{
    @Option(names = "--from", paramLabel = "N", description = "first index")
    long from = 1;

    @Option(names = "--to", paramLabel = "N", description = "last index")
    long to = Long.MAX_VALUE;

    @Option(names = "--sku", paramLabel = "S", description = "only entries about this SKU")
    String sku;

    @Option(names = "--type", paramLabel = "T", description = "only this command type: ${COMPLETION-CANDIDATES}")
    CommandType type;

    @Option(names = "--json", description = "JSON lines")
    boolean json;

    @Override
    int run(final DataDirectory.Layout layout, final PrintWriter out) throws Exception
    {
        final ObjectMapper mapper = new ObjectMapper();
        int exit = 0;
        final int[] shards = sku != null && data.shard == null ?
            new int[]{new io.flashsale.engine.shard.ShardRouter(layout.shards()).shardOf(sku)} : data.shards(layout);
        for (final int shard : shards)
        {
            final SkuCodes codes = new SkuCodes(layout.engineTemplate().maxSkus());
            final JournalScanner.Result scan = scan(shard, record ->
            {
                if (!record.isCommand())
                {
                    return true;
                }
                codes.learn(record.command);
                if (record.journalIndex > to)
                {
                    return false;
                }
                if (record.journalIndex < from || (type != null && record.command.type != type))
                {
                    return true;
                }
                final String code = record.command.type == CommandType.UPSERT_PRODUCT ?
                    record.command.product.sku() : codes.codeOf(record.command.skuIndex);
                if (sku != null && !sku.equals(code))
                {
                    return true;
                }
                final Map<String, Object> fields = CommandText.fields(shard, record.journalIndex, record.command, code);
                try
                {
                    out.println(json ? mapper.writeValueAsString(fields) : CommandText.text(fields));
                }
                catch (final com.fasterxml.jackson.core.JsonProcessingException ex)
                {
                    throw new UncheckedIOException(ex);
                }
                return true;
            });
            if (scan.damage() != null)
            {
                spec.commandLine().getErr().printf("shard %d: damaged after index %d: %s%n", shard,
                    scan.damage().lastGoodIndex(), scan.damage().reason());
                exit = 1;
            }
        }
        return exit;
    }
}
