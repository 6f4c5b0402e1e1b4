package io.flashsale.engine.command;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandRequestTest
{
    @Test
    void shouldRefuseABadUserIdBeforeItReachesASlot()
    {
        assertThatThrownBy(() -> new CommandRequest.Reserve(0, new byte[0], 1, 0, 0, 0, 0))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CommandRequest.confirm(1, new byte[65], 0, 0))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldClearWhatAPreviousCommandLeftInTheSlot()
    {
        final Command slot = new Command();
        new CommandRequest.Reserve(4, "alice".getBytes(), 2, 9, 9, 100, 77).copyTo(slot);
        new CommandRequest.Expire(55, 200, 78).copyTo(slot);

        assertThat(slot.type).isEqualTo(CommandType.EXPIRE);
        assertThat(slot.reservationId).isEqualTo(55);
        assertThat(slot.skuIndex).isEqualTo(-1);
        assertThat(slot.quantity).isZero();
        assertThat(slot.userIdLength).isZero();
        assertThat(slot.idempotencyKeyHigh).isZero();
        assertThat(slot.correlationId).isEqualTo(78);
    }

    @Test
    void shouldKeepJournalCodesStable()
    {
        assertThat(CommandType.RESERVE.code()).isEqualTo(1);
        assertThat(CommandType.CLOSE_SALE.code()).isEqualTo(7);
        assertThat(CommandType.fromCode(4)).isEqualTo(CommandType.EXPIRE);
        assertThat(CommandType.fromCode(0)).isNull();
        assertThat(CommandType.fromCode(99)).isNull();
        assertThat(ResultCode.fromCode(ResultCode.HOLD_EXPIRED.code())).isEqualTo(ResultCode.HOLD_EXPIRED);
    }

    @Test
    void shouldFindEveryCommandTypeByItsCode()
    {
        int maxCode = 0;
        for (final CommandType type : CommandType.values())
        {
            assertThat(CommandType.fromCode(type.code())).isSameAs(type);
            maxCode = Math.max(maxCode, type.code());
        }
        assertThat(CommandType.fromCode(maxCode + 1)).isNull();
    }
}
