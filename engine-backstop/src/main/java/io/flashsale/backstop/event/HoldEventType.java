package io.flashsale.backstop.event;

import io.flashsale.engine.command.ReservationStatus;

/** The hold events of shared/API.md, each named after the status the hold reaches. */
public enum HoldEventType
{
    HOLD_PLACED(ReservationStatus.HELD),
    HOLD_CONFIRMED(ReservationStatus.CONFIRMED),
    HOLD_CANCELLED(ReservationStatus.CANCELLED),
    HOLD_EXPIRED(ReservationStatus.EXPIRED);

    private final ReservationStatus status;

    HoldEventType(final ReservationStatus status)
    {
        this.status = status;
    }

    public ReservationStatus status()
    {
        return status;
    }

    /** The event that tells a hold is now in {@code status}. */
    public static HoldEventType reaching(final ReservationStatus status)
    {
        for (final HoldEventType type : values())
        {
            if (type.status == status)
            {
                return type;
            }
        }
        throw new IllegalArgumentException("no event reaches " + status);
    }
}
