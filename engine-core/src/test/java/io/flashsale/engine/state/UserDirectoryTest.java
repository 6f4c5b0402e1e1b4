package io.flashsale.engine.state;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class UserDirectoryTest
{
    private static byte[] id(final String text)
    {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void theExpectedCrowdComesWithoutTheTableGrowingAndEveryUserIsFoundAgain()
    {
        final int expected = 50_000;
        final UserDirectory users = new UserDirectory(expected);
        final int slots = users.tableSlots();
        for (int i = 0; i < expected; i++)
        {
            final byte[] id = id("shopper-" + i + "@example.com");
            assertThat(users.findOrAdd(id, id.length)).isEqualTo(i);
        }
        assertThat(users.tableSlots()).as("no growth on the logic thread for the expected crowd").isEqualTo(slots);
        assertThat(users.find(id("shopper-777@example.com"), id("shopper-777@example.com").length)).isEqualTo(777);
    }

    @Test
    void pastTheExpectedCrowdTheTableDoublesIncrementallyAndEveryUserIsFoundAtEveryStep()
    {
        final UserDirectory users = new UserDirectory(64);
        final int first = users.tableSlots();
        boolean sawDraining = false;
        final int crowd = 200_000;
        for (int i = 0; i < crowd; i++)
        {
            final byte[] id = id("u" + i);
            assertThat(users.findOrAdd(id, id.length)).isEqualTo(i);
            sawDraining |= users.draining();
            if (users.draining() && (i & 1023) == 0) // mid-move: old and new users alike are found
            {
                for (int j = 0; j <= i; j += 97)
                {
                    final byte[] earlier = id("u" + j);
                    assertThat(users.find(earlier, earlier.length)).isEqualTo(j);
                }
            }
        }
        assertThat(sawDraining).isTrue();
        assertThat(users.tableSlots()).isGreaterThanOrEqualTo(2 * crowd).isGreaterThan(first);
        for (int i = 0; i < crowd; i++)
        {
            final byte[] id = id("u" + i);
            assertThat(users.find(id, id.length)).isEqualTo(i);
            assertThat(users.userIdText(i)).isEqualTo("u" + i);
        }
        assertThat(users.find(id("nobody"), 6)).isEqualTo(UserDirectory.NONE);
    }

    /**
     * Ids of every length, each a prefix of the next and differing from its neighbours only in one
     * byte at every place (inside the inline head, at its edge, in the arena's rest): each found as
     * itself only, whether its bytes come in an array of their own size or in a longer, dirty one.
     */
    @Test
    void idsThatDifferInOneByteOrInLengthAreToldApartInlineAndInTheArena()
    {
        final UserDirectory users = new UserDirectory(64);
        final String letters = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ.@";
        for (int length = 1; length <= 64; length++)
        {
            final byte[] id = id(letters.substring(0, length));
            assertThat(users.findOrAdd(id, id.length)).isEqualTo(length - 1);
        }
        final byte[] dirty = new byte[64];
        for (int length = 1; length <= 64; length++)
        {
            final byte[] id = id(letters.substring(0, length));
            java.util.Arrays.fill(dirty, (byte)'x');
            System.arraycopy(id, 0, dirty, 0, length);
            assertThat(users.find(dirty, length)).isEqualTo(length - 1);
            assertThat(users.matches(length - 1, dirty, length)).isTrue();
            assertThat(users.userIdText(length - 1)).isEqualTo(letters.substring(0, length));
            for (int changed = 0; changed < length; changed++)
            {
                final byte[] other = id.clone();
                other[changed] = (byte)'_';
                assertThat(users.find(other, length)).as("length %d, byte %d changed", length, changed)
                    .isEqualTo(UserDirectory.NONE);
                assertThat(users.matches(length - 1, other, length)).isFalse();
            }
        }
    }

    @Test
    void idsOfTheLongestLengthFillArenaPagesWithoutSpanningTwo()
    {
        final UserDirectory users = new UserDirectory(64);
        final int many = 3 * UserDirectory.ARENA_PAGE / 63; // 63 leaves a remainder a 64-byte id does not fit
        for (int i = 0; i < many; i++)
        {
            final byte[] id = id(String.format("%0" + (i % 2 == 0 ? 63 : 64) + "d", i));
            assertThat(users.findOrAdd(id, id.length)).isEqualTo(i);
        }
        final byte[] target = new byte[64];
        for (int i = 0; i < many; i++)
        {
            final String expected = String.format("%0" + (i % 2 == 0 ? 63 : 64) + "d", i);
            assertThat(new String(target, 0, users.copyUserId(i, target), StandardCharsets.US_ASCII)).isEqualTo(expected);
            assertThat(users.matches(i, id(expected), expected.length())).isTrue();
        }
    }

    @Test
    void theStateHashDoesNotDependOnHowTheDirectoryWasSized()
    {
        final UserDirectory small = new UserDirectory(64);
        final UserDirectory big = new UserDirectory(100_000);
        for (int i = 0; i < 50_000; i++)
        {
            final byte[] id = id("h" + i);
            small.findOrAdd(id, id.length);
            big.findOrAdd(id, id.length);
        }
        final StateHash a = new StateHash();
        final StateHash b = new StateHash();
        small.hashInto(a);
        big.hashInto(b);
        assertThat(a.value()).isEqualTo(b.value());
    }
}
