package io.flashsale.engine.command;

/**
 * The commands the engine applies. The codes are written into the journal and kept forever:
 * never renumber one, only add. Commands that do not mutate are never journaled; each type says
 * which it is, so a new type cannot be added without deciding.
 */
public enum CommandType
{
    RESERVE(1, true),
    CONFIRM(2, true),
    CANCEL(3, true),
    /** The backstop's entry point: expires a hold only if it is already overdue. */
    EXPIRE(4, true),
    /** Carries nothing but time: advances the hold timers when no shopper command does. */
    TICK(5, true),
    UPSERT_PRODUCT(6, true),
    CLOSE_SALE(7, true),
    /**
     * Reads a reservation for its owner through the ring, so the answer is as fresh as the engine
     * (an overdue hold reads as EXPIRED). Changes nothing, takes no journal index.
     */
    READ_RESERVATION(8, false);

    private static final CommandType[] BY_CODE = byCode();

    private final int code;
    private final boolean mutates;

    CommandType(final int code, final boolean mutates)
    {
        this.code = code;
        this.mutates = mutates;
    }

    public int code()
    {
        return code;
    }

    /** @return false for commands that change no state: they are neither journaled nor replayed. */
    public boolean mutates()
    {
        return mutates;
    }

    /**
     * @return the type with this journal code, or null when the code is unknown.
     */
    public static CommandType fromCode(final int code)
    {
        return code > 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    /** Indexed by code, as long as the highest code needs: codes may leave gaps, never repeat. */
    private static CommandType[] byCode()
    {
        int maxCode = 0;
        for (final CommandType type : values())
        {
            maxCode = Math.max(maxCode, type.code);
        }
        final CommandType[] byCode = new CommandType[maxCode + 1];
        for (final CommandType type : values())
        {
            if (byCode[type.code] != null)
            {
                throw new IllegalStateException("journal code " + type.code + " used twice: " + type);
            }
            byCode[type.code] = type;
        }
        return byCode;
    }
}
