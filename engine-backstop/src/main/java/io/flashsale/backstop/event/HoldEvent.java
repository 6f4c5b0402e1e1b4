package io.flashsale.backstop.event;

/**
 * One hold event as the exporter sends it and the persister stores it. Times are epoch
 * milliseconds of the engine's clock; {@code expiresAt} is 0 except on HOLD_PLACED.
 *
 * @param journalIndex the index of the journaled command that caused it: per shard, rising, so a
 *                     consumer can drop what it has already seen (exports are at-least-once).
 */
public record HoldEvent(
    HoldEventType type,
    String reservationId,
    String sku,
    String userId,
    int quantity,
    long at,
    long expiresAt,
    long journalIndex)
{
}
