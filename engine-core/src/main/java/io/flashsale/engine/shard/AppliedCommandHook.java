package io.flashsale.engine.shard;

import io.flashsale.engine.command.Command;
import io.flashsale.engine.state.ReservationEngine;

/**
 * Runs on the business-logic thread right after each command is applied, before it completes: the
 * place to read the engine at a known journal index (state-hash checkpoints, snapshots). Must not
 * block for long: the ring waits.
 */
@FunctionalInterface
public interface AppliedCommandHook
{
    AppliedCommandHook NONE = (command, engine, endOfBatch) ->
    {
    };

    void onApplied(Command command, ReservationEngine engine, boolean endOfBatch);
}
