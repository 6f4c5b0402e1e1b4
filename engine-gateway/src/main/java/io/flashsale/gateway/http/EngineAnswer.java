package io.flashsale.gateway.http;

import io.flashsale.engine.command.Command;
import io.flashsale.engine.command.CommandType;
import io.flashsale.engine.command.ReservationStatus;
import io.flashsale.engine.command.ResultCode;

/** What the engine answered, copied off the ring slot on the completion thread (the slot is reused after). */
public record EngineAnswer(CommandType type, ResultCode result, boolean replay, long reservationId,
    ReservationStatus status, int quantity, long createdAt, long expiresAt, int skuIndex)
{
    static EngineAnswer of(final Command command)
    {
        return new EngineAnswer(command.type, command.result, command.idempotentReplay, command.resultReservationId,
            command.resultStatus, command.resultQuantity, command.resultCreatedAt, command.resultExpiresAt,
            command.resultSkuIndex);
    }
}
