package io.flashsale.journal.record;

/**
 * The journal's record format, version 1. A Chronicle document holds the records of one ring batch
 * back to back; every record is self-checking, so a damaged one is found by its own checksum.
 *
 * <pre>
 *   0                   2         3         4
 *  +-------------------+---------+---------+
 *  | magic 0x4653 "FS" | version | kind    |
 *  +-------------------+---------+---------+-------------------------------+
 *  |  4: journal index (long) — COMMAND: this command's; CHECKPOINT: the    |
 *  |     index the state hash was taken at                                  |
 *  +-----------------------------------------------------------------------+
 *  | 12: epoch (int)                      | 16: payload length (u16)       |
 *  +--------------------------------------+--------------------------------+
 *  | 18: payload (length bytes)                                             |
 *  +-----------------------------------------------------------------------+
 *  | 18 + length: CRC32C (int) of bytes [0, 18 + length)                    |
 *  +-----------------------------------------------------------------------+
 * </pre>
 *
 * All numbers little-endian. COMMAND payloads start with the command type code (byte) and the
 * timestamp (long), then only the fields the type uses (see {@link CommandRecordCodec}).
 * CHECKPOINT payloads are the state hash (long).
 */
public final class RecordLayout
{
    public static final short MAGIC = 0x4653;
    public static final byte FORMAT_VERSION = 1;
    public static final byte KIND_COMMAND = 1;
    public static final byte KIND_CHECKPOINT = 2;

    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_OFFSET = 2;
    public static final int KIND_OFFSET = 3;
    public static final int INDEX_OFFSET = 4;
    public static final int EPOCH_OFFSET = 12;
    public static final int LENGTH_OFFSET = 16;
    public static final int HEADER_LENGTH = 18;
    public static final int CHECKSUM_LENGTH = 4;
    public static final int MAX_PAYLOAD = 0xFFFF;
    public static final int MAX_RECORD = HEADER_LENGTH + MAX_PAYLOAD + CHECKSUM_LENGTH;

    private RecordLayout()
    {
    }

    public static int recordLength(final int payloadLength)
    {
        return HEADER_LENGTH + payloadLength + CHECKSUM_LENGTH;
    }
}
