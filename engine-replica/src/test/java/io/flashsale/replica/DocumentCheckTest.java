package io.flashsale.replica;

import io.flashsale.engine.command.Command;
import io.flashsale.engine.command.CommandRequest;
import io.flashsale.journal.record.CommandRecordCodec;
import io.flashsale.journal.record.RecordLayout;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A replica appends only documents that continue its journal exactly. */
class DocumentCheckTest
{
    private final CommandRecordCodec codec = new CommandRecordCodec();

    @Test
    void acceptsTheNextDocumentsAndRefusesGapsRepeatsFallingEpochsAndDamage() throws IOException
    {
        final DocumentCheck check = new DocumentCheck(10, io.flashsale.journal.JournalQueue.NO_DOCUMENT);
        check.accept(document(1, 11, 12, 13));
        assertThat(check.lastIndex()).isEqualTo(13);
        check.accept(checkpointOnly(1, 12));
        check.accept(document(2, 14));
        assertThat(check.lastIndex()).isEqualTo(14);

        assertThatThrownBy(() -> check.accept(document(2, 16))).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("15 was due");
        assertThatThrownBy(() -> check.accept(document(2, 13, 14))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> check.accept(document(1, 15))).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("epoch");
        final byte[] damaged = document(2, 15);
        damaged[damaged.length - 1] ^= 0x40;
        assertThatThrownBy(() -> check.accept(damaged)).isInstanceOf(IOException.class);
        assertThat(check.lastIndex()).as("nothing refused moved it").isEqualTo(14);
    }

    private byte[] document(final int epoch, final long... indexes)
    {
        final byte[] bytes = new byte[RecordLayout.MAX_RECORD * indexes.length];
        final Command command = new Command();
        new CommandRequest.Tick(1_000).copyTo(command);
        int at = 0;
        for (final long index : indexes)
        {
            at += codec.encodeCommand(command, index, epoch, bytes, at);
        }
        return Arrays.copyOf(bytes, at);
    }

    private byte[] checkpointOnly(final int epoch, final long index)
    {
        final byte[] bytes = new byte[RecordLayout.MAX_RECORD];
        return Arrays.copyOf(bytes, codec.encodeCheckpoint(index, epoch, 42, bytes, 0));
    }
}
