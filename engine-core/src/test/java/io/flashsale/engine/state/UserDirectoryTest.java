package io.flashsale.engine.state;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class UserDirectoryTest
{
    @Test
    void theExpectedCrowdComesWithoutTheTableBeingRebuiltAndEveryUserIsFoundAgain()
    {
        final int expected = 50_000;
        final UserDirectory users = new UserDirectory(expected);
        final int slots = users.tableSlots();
        for (int i = 0; i < expected; i++)
        {
            final byte[] id = ("shopper-" + i + "@example.com").getBytes(StandardCharsets.US_ASCII);
            assertThat(users.findOrAdd(id, id.length)).isEqualTo(i);
        }
        assertThat(users.tableSlots()).as("no rebuild on the logic thread for the expected crowd").isEqualTo(slots);
        final byte[] again = "shopper-777@example.com".getBytes(StandardCharsets.US_ASCII);
        assertThat(users.find(again, again.length)).isEqualTo(777);

        final byte[] oneMore = "late".getBytes(StandardCharsets.US_ASCII);
        users.findOrAdd(oneMore, oneMore.length);
        for (int i = 0; i < expected; i++) // past the expected crowd it still grows, by doubling
        {
            final byte[] id = ("extra-" + i).getBytes(StandardCharsets.US_ASCII);
            users.findOrAdd(id, id.length);
        }
        assertThat(users.tableSlots()).isGreaterThan(slots);
        assertThat(users.count()).isEqualTo(2 * expected + 1);
    }
}
