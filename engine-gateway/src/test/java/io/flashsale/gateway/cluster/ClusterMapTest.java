package io.flashsale.gateway.cluster;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClusterMapTest
{
    private static final int SKUS = 20_000;

    @TempDir
    Path dir;

    @Test
    void theOwnerDependsOnTheSkuAndTheGroupNamesOnlyNotTheFilesOrder() throws IOException
    {
        final ClusterMap one = load("group.g1=http://10.0.0.1:8080,http://10.0.0.2:8080\ngroup.g2=http://10.0.0.3:8080\n");
        final ClusterMap other = load("group.g2=http://10.0.0.9:9000\ngroup.g1=http://10.0.0.8:9000\n");
        for (int i = 0; i < SKUS; i++)
        {
            final String sku = "SKU-" + i;
            assertThat(one.ownerOf(sku).name()).isEqualTo(other.ownerOf(sku).name());
        }
        assertThat(one.group("g1").nodes()).containsExactly("http://10.0.0.1:8080", "http://10.0.0.2:8080");
    }

    @Test
    void aGroupAddedTakesAboutItsShareAndMovesNothingBetweenTheOthers()
    {
        final ClusterMap three = map("a", "b", "c");
        final ClusterMap four = map("a", "b", "c", "d");
        int moved = 0;
        final int[] owned = new int[3];
        for (int i = 0; i < SKUS; i++)
        {
            final String sku = "SKU-" + i;
            final String before = three.ownerOf(sku).name();
            final String after = four.ownerOf(sku).name();
            owned[before.charAt(0) - 'a']++;
            if (!before.equals(after))
            {
                assertThat(after).as("a SKU only ever moves to the new group").isEqualTo("d");
                moved++;
            }
        }
        assertThat(moved / (double)SKUS).isBetween(0.22, 0.28); // 1/4 expected
        for (final int share : owned)
        {
            assertThat(share / (double)SKUS).isBetween(0.30, 0.37); // 1/3 each
        }
    }

    @Test
    void aMalformedFileIsRefusedWithTheReason()
    {
        assertThatThrownBy(() -> load("group.g-1=http://a:1\n")).hasMessageContaining("group name");
        assertThatThrownBy(() -> load("group.g1=ftp://a:1\n")).hasMessageContaining("http://host:port");
        assertThatThrownBy(() -> load("groups.g1=http://a:1\n")).hasMessageContaining("unknown key");
        assertThatThrownBy(() -> load("# nothing\n")).hasMessageContaining("no group");
    }

    @Test
    void aNodeOfAGroupPlacesTheOthersSkusWithTheirOwner()
    {
        final ClusterMap cluster = map("g1", "g2");
        final ClusterPlacement g1 = new ClusterPlacement(cluster, "g1");
        for (int i = 0; i < 100; i++)
        {
            final String sku = "SKU-" + i;
            assertThat(g1.ownerElsewhere(sku) == null).isEqualTo(g1.owns(sku));
            if (!g1.owns(sku))
            {
                assertThat(g1.ownerElsewhere(sku)).isEqualTo("http://g2:8080");
            }
        }
        assertThat(g1.reservationIds().toText(io.flashsale.engine.command.ReservationId.of(1, 7))).isEqualTo("g1-1-7");
        assertThatThrownBy(() -> new ClusterPlacement(cluster, "g3")).hasMessageContaining("not a group");
    }

    private ClusterMap load(final String text) throws IOException
    {
        final Path file = dir.resolve("cluster.properties");
        Files.writeString(file, text);
        return ClusterMap.load(file);
    }

    private static ClusterMap map(final String... names)
    {
        return new ClusterMap(List.of(names).stream().map(name -> new ClusterMap.Group(name, List.of("http://" + name + ":8080"))).toList());
    }
}
