package io.flashsale.journal.record;

import io.flashsale.engine.command.Command;
import io.flashsale.engine.command.CommandType;
import io.flashsale.engine.command.ProductDefinition;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

import static io.flashsale.journal.record.RecordLayout.*;

/**
 * Encodes commands and checkpoints into journal records and decodes them back, checking magic,
 * version, length and CRC32C. Owned by one thread; encoding allocates nothing (product strings of
 * the rare UPSERT aside), decoding allocates only for UPSERT.
 */
public final class CommandRecordCodec
{
    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[0]);
    private final CRC32C crc = new CRC32C();

    /** Why the last {@link #decode} refused a record. */
    private String refusal;

    /**
     * Writes the command as a COMMAND record at {@code offset} of {@code target}.
     *
     * @return the record's length; the caller ensures {@link RecordLayout#MAX_RECORD} bytes fit.
     */
    public int encodeCommand(final Command command, final long journalIndex, final int epoch,
        final byte[] target, final int offset)
    {
        buffer.wrap(target);
        final int start = offset + HEADER_LENGTH;
        buffer.putByte(start, (byte)command.type.code());
        buffer.putLong(start + 1, command.timestamp, ORDER);
        final int at = start + 9;
        // an expression, not a statement: a new CommandType does not compile until it has a layout here
        final int end = switch (command.type)
        {
            case RESERVE ->
            {
                buffer.putInt(at, command.skuIndex, ORDER);
                buffer.putInt(at + 4, command.quantity, ORDER);
                buffer.putLong(at + 8, command.idempotencyKeyHigh, ORDER);
                buffer.putLong(at + 16, command.idempotencyKeyLow, ORDER);
                yield putUserId(command, at + 24);
            }
            case CONFIRM, CANCEL ->
            {
                buffer.putLong(at, command.reservationId, ORDER);
                yield putUserId(command, at + 8);
            }
            case EXPIRE ->
            {
                buffer.putLong(at, command.reservationId, ORDER);
                yield at + 8;
            }
            case CLOSE_SALE ->
            {
                buffer.putInt(at, command.skuIndex, ORDER);
                yield at + 4;
            }
            case UPSERT_PRODUCT -> putProduct(command.product, at);
            case TICK, READ_RESERVATION -> at;
        };
        return seal(KIND_COMMAND, journalIndex, epoch, target, offset, end - start);
    }

    public int encodeCheckpoint(final long journalIndex, final int epoch, final long stateHash,
        final byte[] target, final int offset)
    {
        buffer.wrap(target);
        buffer.putLong(offset + HEADER_LENGTH, stateHash, ORDER);
        return seal(KIND_CHECKPOINT, journalIndex, epoch, target, offset, 8);
    }

    /**
     * Decodes the record at {@code offset}.
     *
     * @return the record's length, or -1 when it is not a whole, intact record of this format
     * ({@link #refusal()} says why).
     */
    public int decode(final byte[] source, final int offset, final int limit, final JournalRecord into)
    {
        refusal = null;
        if (limit - offset < HEADER_LENGTH + CHECKSUM_LENGTH)
        {
            return refuse("record shorter than a header");
        }
        buffer.wrap(source);
        if (buffer.getShort(offset + MAGIC_OFFSET, ORDER) != MAGIC)
        {
            return refuse("bad magic");
        }
        if (buffer.getByte(offset + VERSION_OFFSET) != FORMAT_VERSION)
        {
            return refuse("unknown format version " + buffer.getByte(offset + VERSION_OFFSET));
        }
        final int payload = buffer.getShort(offset + LENGTH_OFFSET, ORDER) & 0xFFFF;
        final int length = recordLength(payload);
        if (offset + length > limit)
        {
            return refuse("record runs past its document");
        }
        crc.reset();
        crc.update(source, offset, HEADER_LENGTH + payload);
        if ((int)crc.getValue() != buffer.getInt(offset + HEADER_LENGTH + payload, ORDER))
        {
            return refuse("checksum mismatch");
        }
        into.kind = buffer.getByte(offset + KIND_OFFSET);
        into.journalIndex = buffer.getLong(offset + INDEX_OFFSET, ORDER);
        into.epoch = buffer.getInt(offset + EPOCH_OFFSET, ORDER);
        into.offsetInDocument = offset;
        into.length = length;
        final int body = offset + HEADER_LENGTH;
        if (into.kind == KIND_CHECKPOINT && payload == 8)
        {
            into.stateHash = buffer.getLong(body, ORDER);
            return length;
        }
        if (into.kind != KIND_COMMAND || payload < 9)
        {
            return refuse("unknown record kind " + into.kind);
        }
        return decodeCommand(body, body + payload, into.command, into.journalIndex) ? length : -1;
    }

    public String refusal()
    {
        return refusal;
    }

    private boolean decodeCommand(final int start, final int end, final Command command, final long journalIndex)
    {
        final CommandType type = CommandType.fromCode(buffer.getByte(start));
        if (type == null)
        {
            refuse("unknown command type " + buffer.getByte(start));
            return false;
        }
        command.type = type;
        command.timestamp = buffer.getLong(start + 1, ORDER);
        command.journalIndex = journalIndex;
        command.correlationId = 0;
        command.skuIndex = -1;
        command.reservationId = 0;
        command.quantity = 0;
        command.userIdLength = 0;
        command.idempotencyKeyHigh = 0;
        command.idempotencyKeyLow = 0;
        command.product = null;
        final int at = start + 9;
        final int used = switch (type)
        {
            case RESERVE ->
            {
                command.skuIndex = buffer.getInt(at, ORDER);
                command.quantity = buffer.getInt(at + 4, ORDER);
                command.idempotencyKeyHigh = buffer.getLong(at + 8, ORDER);
                command.idempotencyKeyLow = buffer.getLong(at + 16, ORDER);
                yield getUserId(command, at + 24, end);
            }
            case CONFIRM, CANCEL ->
            {
                command.reservationId = buffer.getLong(at, ORDER);
                yield getUserId(command, at + 8, end);
            }
            case EXPIRE ->
            {
                command.reservationId = buffer.getLong(at, ORDER);
                yield at + 8;
            }
            case CLOSE_SALE ->
            {
                command.skuIndex = buffer.getInt(at, ORDER);
                yield at + 4;
            }
            case UPSERT_PRODUCT -> getProduct(command, at, end);
            case TICK -> at;
            case READ_RESERVATION ->
            {
                refuse("a read is never journaled");
                yield -1;
            }
        };
        if (used != end)
        {
            refuse("payload length does not match a " + type + " command");
            return false;
        }
        return true;
    }

    private int seal(final byte kind, final long journalIndex, final int epoch, final byte[] target, final int offset,
        final int payload)
    {
        if (payload > MAX_PAYLOAD)
        {
            throw new IllegalArgumentException("journal record payload too large: " + payload);
        }
        buffer.putShort(offset + MAGIC_OFFSET, MAGIC, ORDER);
        buffer.putByte(offset + VERSION_OFFSET, FORMAT_VERSION);
        buffer.putByte(offset + KIND_OFFSET, kind);
        buffer.putLong(offset + INDEX_OFFSET, journalIndex, ORDER);
        buffer.putInt(offset + EPOCH_OFFSET, epoch, ORDER);
        buffer.putShort(offset + LENGTH_OFFSET, (short)payload, ORDER);
        crc.reset();
        crc.update(target, offset, HEADER_LENGTH + payload);
        buffer.putInt(offset + HEADER_LENGTH + payload, (int)crc.getValue(), ORDER);
        return recordLength(payload);
    }

    private int putUserId(final Command command, final int at)
    {
        buffer.putByte(at, (byte)command.userIdLength);
        buffer.putBytes(at + 1, command.userId, 0, command.userIdLength);
        return at + 1 + command.userIdLength;
    }

    private int getUserId(final Command command, final int at, final int end)
    {
        final int length = buffer.getByte(at) & 0xFF;
        if (length > Command.MAX_USER_ID_LENGTH || at + 1 + length > end)
        {
            return -1;
        }
        buffer.getBytes(at + 1, command.userId, 0, length);
        command.userIdLength = length;
        return at + 1 + length;
    }

    private int putProduct(final ProductDefinition product, final int start)
    {
        int at = putString(product.sku(), start);
        at = putString(product.name(), at);
        at = putString(product.description(), at);
        at = putString(product.category(), at);
        buffer.putLong(at, product.priceCents(), ORDER);
        buffer.putInt(at + 8, product.stock(), ORDER);
        buffer.putInt(at + 12, product.perUserLimit(), ORDER);
        buffer.putInt(at + 16, product.holdSeconds(), ORDER);
        buffer.putLong(at + 20, product.saleStart(), ORDER);
        buffer.putLong(at + 28, product.saleEnd(), ORDER);
        return at + 36;
    }

    private int getProduct(final Command command, final int start, final int end)
    {
        final String[] texts = new String[4];
        int at = start;
        for (int i = 0; i < texts.length; i++)
        {
            if (at + 2 > end)
            {
                return -1;
            }
            final int length = buffer.getShort(at, ORDER) & 0xFFFF;
            if (at + 2 + length > end)
            {
                return -1;
            }
            final byte[] utf8 = new byte[length];
            buffer.getBytes(at + 2, utf8);
            texts[i] = new String(utf8, StandardCharsets.UTF_8);
            at += 2 + length;
        }
        if (at + 36 > end)
        {
            return -1;
        }
        command.product = new ProductDefinition(texts[0], texts[1], texts[2], texts[3],
            buffer.getLong(at, ORDER), buffer.getInt(at + 8, ORDER), buffer.getInt(at + 12, ORDER),
            buffer.getInt(at + 16, ORDER), buffer.getLong(at + 20, ORDER), buffer.getLong(at + 28, ORDER));
        return at + 36;
    }

    private int putString(final String text, final int at)
    {
        final byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        buffer.putShort(at, (short)utf8.length, ORDER);
        buffer.putBytes(at + 2, utf8);
        return at + 2 + utf8.length;
    }

    private int refuse(final String why)
    {
        refusal = why;
        return -1;
    }
}
