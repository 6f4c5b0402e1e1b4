package io.flashsale.engine.command;

/**
 * The commands the engine applies. The codes are written into the journal and kept forever:
 * never renumber one, only add. Commands that do not mutate are never journaled.
 */
public enum CommandType
{
    RESERVE(1),
    CONFIRM(2),
    CANCEL(3),
    /** The backstop's entry point: expires a hold only if it is already overdue. */
    EXPIRE(4),
    /** Carries nothing but time: advances the hold timers when no shopper command does. */
    TICK(5),
    UPSERT_PRODUCT(6),
    CLOSE_SALE(7),
    /**
     * Reads a reservation for its owner through the ring, so the answer is as fresh as the engine
     * (an overdue hold reads as EXPIRED). Changes nothing, takes no journal index.
     */
    READ_RESERVATION(8);

    private static final CommandType[] BY_CODE = new CommandType[9];

    static
    {
        for (final CommandType type : values())
        {
            BY_CODE[type.code] = type;
        }
    }

    private final int code;

    CommandType(final int code)
    {
        this.code = code;
    }

    public int code()
    {
        return code;
    }

    /** @return false for commands that change no state: they are neither journaled nor replayed. */
    public boolean mutates()
    {
        return this != READ_RESERVATION;
    }

    /**
     * @return the type with this journal code, or null when the code is unknown.
     */
    public static CommandType fromCode(final int code)
    {
        return code > 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
