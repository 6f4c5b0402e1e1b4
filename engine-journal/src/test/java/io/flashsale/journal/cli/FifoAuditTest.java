package io.flashsale.journal.cli;

import io.flashsale.engine.command.CommandRequest;
import io.flashsale.engine.command.ProductDefinition;
import io.flashsale.engine.command.ReservationId;
import io.flashsale.engine.state.EngineConfig;
import io.flashsale.engine.state.EngineListener;
import io.flashsale.engine.state.ReservationEngine;
import io.flashsale.journal.record.JournalRecord;
import io.flashsale.journal.record.RecordLayout;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class FifoAuditTest
{
    private static final long T0 = 1_764_000_000_000L;
    private static final List<String> SKUS = List.of("A", "B", "C");

    @Test
    void shouldFindNothingWrongWithACorrectEngineWhateverItsExpiryRules()
    {
        for (final EngineConfig config : List.of(EngineConfig.small(0), EngineConfig.small(0).withExpiryLayers(false, true),
            EngineConfig.small(0).withExpiryLayers(false, false)))
        {
            for (long seed = 0; seed < 300; seed++)
            {
                final List<CommandRequest> journal = randomJournal(new SplittableRandom(seed));
                for (final String sku : SKUS)
                {
                    final FifoAudit audit = new FifoAudit(sku, config, new ReservationEngine(config, EngineListener.NONE));
                    replay(journal, audit);

                    assertThat(audit.endOfJournal()).as("seed %d, %s, %s", seed, sku, config).isNull();
                }
            }
        }
    }

    private static void replay(final List<CommandRequest> journal, final FifoAudit audit)
    {
        final JournalRecord record = new JournalRecord();
        record.kind = RecordLayout.KIND_COMMAND;
        for (int i = 0; i < journal.size() && audit.violation() == null; i++)
        {
            journal.get(i).copyTo(record.command);
            record.journalIndex = i + 1;
            audit.onRecord(record);
        }
    }

    /** Few units, holds of a second or two, time that stalls and steps back, redefinitions, and answers of every kind. */
    private static List<CommandRequest> randomJournal(final SplittableRandom random)
    {
        final List<CommandRequest> journal = new ArrayList<>();
        long time = T0;
        for (final String sku : SKUS)
        {
            journal.add(new CommandRequest.UpsertProduct(product(random, sku, time), time, 0));
        }
        int reserves = 0;
        for (int i = 0; i < 150; i++)
        {
            time += random.nextInt(10) == 0 ? -random.nextInt(500) : random.nextInt(700);
            final int kind = random.nextInt(20);
            final byte[] user = ("u" + random.nextInt(4)).getBytes(StandardCharsets.US_ASCII);
            final long someHold = ReservationId.of(0, 1 + random.nextInt(reserves + 1));
            journal.add(switch (kind)
            {
                case 0, 1, 2, 3, 4, 5, 6, 7 ->
                {
                    reserves++;
                    final boolean keyed = random.nextInt(5) == 0;
                    yield new CommandRequest.Reserve(random.nextInt(SKUS.size()), user, 1 + random.nextInt(2),
                        keyed ? 1 + random.nextInt(3) : 0, keyed ? 1 : 0, time, i);
                }
                case 8, 9, 10 -> CommandRequest.confirm(someHold, user, time, i);
                case 11, 12 -> CommandRequest.cancel(someHold, user, time, i);
                case 13, 14 -> new CommandRequest.Expire(someHold, time, i);
                case 15 -> new CommandRequest.UpsertProduct(product(random, SKUS.get(random.nextInt(SKUS.size())), time), time, i);
                case 16 -> new CommandRequest.CloseSale(random.nextInt(SKUS.size()), time, i);
                default -> new CommandRequest.Tick(time);
            });
        }
        return journal;
    }

    /** Sometimes invalid, sometimes not on sale yet or any more, sometimes less stock than is held and sold. */
    private static ProductDefinition product(final SplittableRandom random, final String sku, final long time)
    {
        final long saleStart = random.nextInt(4) == 0 ? time + random.nextInt(3_000) : 0;
        final long saleEnd = random.nextInt(4) == 0 ? Math.max(saleStart + 1, time + random.nextInt(20_000)) : Long.MAX_VALUE;
        return new ProductDefinition(sku, "Product " + sku, "d", "c", 100, random.nextInt(10) == 0 ? -1 : random.nextInt(4),
            1 + random.nextInt(3), 1 + random.nextInt(2), saleStart, saleEnd);
    }
}
