package io.flashsale.engine.command;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

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

    /** One request of every shape a producer can publish. */
    static List<CommandRequest> everyRequest()
    {
        final ProductDefinition product = new ProductDefinition("SKU-N", "New", "", "", 1, 3, 1, 60, 0, Long.MAX_VALUE);
        return List.of(
            new CommandRequest.Reserve(2, "bob".getBytes(), 1, 0, 0, 300, 3),
            CommandRequest.confirm(7, "bob".getBytes(), 300, 3),
            CommandRequest.cancel(7, "bob".getBytes(), 300, 3),
            new CommandRequest.Expire(7, 300, 3),
            new CommandRequest.Tick(300),
            new CommandRequest.UpsertProduct(product, 300, 3),
            new CommandRequest.CloseSale(2, 300, 3),
            new CommandRequest.ReadReservation(7, "bob".getBytes(), 300, 3));
    }

    @Test
    void shouldHaveARequestOfEveryTypeInTheResetTest()
    {
        final Set<CommandType> types = EnumSet.noneOf(CommandType.class);
        final Set<Class<?>> shapes = new HashSet<>();
        for (final CommandRequest request : everyRequest())
        {
            final Command slot = new Command();
            request.copyTo(slot);
            types.add(slot.type);
            shapes.add(request.getClass());
        }
        assertThat(types).containsExactlyInAnyOrder(CommandType.values());
        assertThat(shapes).containsExactlyInAnyOrder(CommandRequest.class.getPermittedSubclasses());
    }

    @ParameterizedTest
    @MethodSource("everyRequest")
    void shouldLeaveNothingOfTheSlotsPreviousCommand(final CommandRequest request)
    {
        final Command reused = slotUsedByEveryInput();
        final Command fresh = new Command();

        request.copyTo(reused);
        request.copyTo(fresh);

        assertThat(fieldsOf(reused)).isEqualTo(fieldsOf(fresh));
    }

    /** A slot whose every input differs from a fresh slot's, so no input can be forgotten by a reset unseen. */
    private static Command slotUsedByEveryInput()
    {
        final Command slot = new Command();
        new CommandRequest.Reserve(4, "previous-user".getBytes(), 2, 9, 9, 100, 77).copyTo(slot);
        slot.reservationId = 55;
        slot.product = new ProductDefinition("SKU-P", "Previous", "", "", 1, 1, 1, 1, 0, 1);
        slot.replyTo = new Object();
        slot.journalIndex = 12;
        slot.dropped = true;

        final Map<String, String> used = fieldsOf(slot);
        final Map<String, String> fresh = fieldsOf(new Command());
        for (final String input : used.keySet())
        {
            if (!isResult(input))
            {
                assertThat(used.get(input)).as("input %s set by the previous command", input).isNotEqualTo(fresh.get(input));
            }
        }
        return slot;
    }

    /** Every public instance field of the slot, found by reflection so a field added later is compared too. */
    private static Map<String, String> fieldsOf(final Command slot)
    {
        final Map<String, String> fields = new TreeMap<>();
        for (final Field field : Command.class.getFields())
        {
            if (Modifier.isStatic(field.getModifiers()))
            {
                continue;
            }
            try
            {
                final Object value = field.get(slot);
                fields.put(field.getName(), value instanceof byte[] bytes ?
                    new String(bytes, 0, slot.userIdLength, StandardCharsets.US_ASCII) : String.valueOf(value));
            }
            catch (final IllegalAccessException ex)
            {
                throw new AssertionError(ex);
            }
        }
        return fields;
    }

    /** The logic stage's fields: copyTo leaves them to {@link Command#clearResult}. */
    private static boolean isResult(final String field)
    {
        return field.startsWith("result") || field.equals("idempotentReplay");
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
