package io.flashsale.journal;

import io.flashsale.engine.command.Command;
import io.flashsale.engine.command.CommandRequest;
import io.flashsale.engine.command.CommandType;
import io.flashsale.engine.command.ProductDefinition;
import io.flashsale.journal.record.CommandRecordCodec;
import io.flashsale.journal.record.JournalRecord;
import io.flashsale.journal.record.RecordLayout;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RecordCodecTest
{
    private final CommandRecordCodec codec = new CommandRecordCodec();
    private final byte[] buffer = new byte[RecordLayout.MAX_RECORD * 2];
    private final JournalRecord record = new JournalRecord();

    private static final byte[] USER = "alice@example.com".getBytes(StandardCharsets.US_ASCII);

    private static List<CommandRequest> everyType()
    {
        return List.of(
            new CommandRequest.Reserve(3, USER, 2, 0x1234, 0x5678, 1_000, 9),
            CommandRequest.confirm(77, USER, 2_000, 0),
            CommandRequest.cancel(78, USER, 3_000, 0),
            new CommandRequest.Expire(79, 4_000, 0),
            new CommandRequest.Tick(5_000),
            new CommandRequest.UpsertProduct(new ProductDefinition("SKU-1", "Näme ✓", "desc", "cat", 1999, 10, 2, 120,
                100, Long.MAX_VALUE), 6_000, 0),
            new CommandRequest.CloseSale(4, 7_000, 0));
    }

    @Test
    void shouldRoundTripEveryCommandType()
    {
        long index = 1;
        for (final CommandRequest request : everyType())
        {
            final Command command = new Command();
            request.copyTo(command);
            final int length = codec.encodeCommand(command, index, 3, buffer, 10);

            assertThat(codec.decode(buffer, 10, 10 + length, record)).isEqualTo(length);
            assertThat(record.isCommand()).isTrue();
            assertThat(record.journalIndex).isEqualTo(index);
            assertThat(record.epoch).isEqualTo(3);
            final Command decoded = record.command;
            assertThat(decoded.type).isEqualTo(command.type);
            assertThat(decoded.timestamp).isEqualTo(command.timestamp);
            assertThat(decoded.skuIndex).isEqualTo(command.skuIndex);
            assertThat(decoded.reservationId).isEqualTo(command.reservationId);
            assertThat(decoded.quantity).isEqualTo(command.quantity);
            assertThat(decoded.idempotencyKeyHigh).isEqualTo(command.idempotencyKeyHigh);
            assertThat(decoded.idempotencyKeyLow).isEqualTo(command.idempotencyKeyLow);
            assertThat(new String(decoded.userId, 0, decoded.userIdLength, StandardCharsets.US_ASCII))
                .isEqualTo(new String(command.userId, 0, command.userIdLength, StandardCharsets.US_ASCII));
            assertThat(decoded.product).isEqualTo(command.product);
            index++;
        }
    }

    @Test
    void shouldRoundTripACheckpoint()
    {
        final int length = codec.encodeCheckpoint(1_000_000, 1, 0xDEADBEEFCAFEL, buffer, 0);

        assertThat(codec.decode(buffer, 0, length, record)).isEqualTo(length);
        assertThat(record.kind).isEqualTo(RecordLayout.KIND_CHECKPOINT);
        assertThat(record.stateHash).isEqualTo(0xDEADBEEFCAFEL);
    }

    @Test
    void shouldRefuseEveryFlippedByteAndEveryTruncation()
    {
        final Command command = new Command();
        new CommandRequest.Reserve(3, USER, 2, 1, 2, 1_000, 9).copyTo(command);
        final int length = codec.encodeCommand(command, 42, 1, buffer, 0);
        for (int at = 0; at < length; at++)
        {
            for (final int flip : new int[]{0x01, 0x80, 0xFF})
            {
                final byte[] damaged = buffer.clone();
                damaged[at] ^= (byte)flip;
                assertThat(codec.decode(damaged, 0, length, record)).as("flip %x at %d", flip, at).isNegative();
            }
        }
        for (int cut = 0; cut < length; cut++)
        {
            assertThat(codec.decode(buffer, 0, cut, record)).as("cut at %d", cut).isNegative();
        }
        assertThat(command.type).isEqualTo(CommandType.RESERVE);
    }
}
