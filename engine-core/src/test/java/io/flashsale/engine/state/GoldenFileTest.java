package io.flashsale.engine.state;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GoldenFileTest
{
    private static final String TEXT = """
        # a file's prose
        
        == first scenario
        # why it matters
        in:
          +0  TICK   # a comment
        
          +5  TICK
        out:
        [1] old
        
        == second   wheel=off lazy=off
        in:
          +1  TICK
        out:
        [1] old
        """;

    @Test
    void shouldReadCommandsWithoutCommentsAndTheExpectedBlock()
    {
        final GoldenFile file = GoldenFile.parse("sample.txt", TEXT);

        assertThat(file.scenarios()).hasSize(2);
        final GoldenFile.Scenario first = file.scenarios().get(0);
        assertThat(first.name()).isEqualTo("first scenario");
        assertThat(first.commands()).containsExactly("+0  TICK", "+5  TICK");
        assertThat(first.expected()).containsExactly("[1] old");
        final GoldenFile.Scenario second = file.scenarios().get(1);
        assertThat(second.name()).isEqualTo("second");
        assertThat(second.wheelExpiry()).isFalse();
        assertThat(second.lazyExpiry()).isFalse();
    }

    @Test
    void shouldRewriteOnlyTheOutBlocks()
    {
        final GoldenFile file = GoldenFile.parse("sample.txt", TEXT);

        assertThat(file.withOuts(List.of(List.of("[1] old"), List.of("[1] old")))).isEqualTo(TEXT);
        assertThat(file.withOuts(List.of(List.of("[1] new"), List.of("[1] new"))))
            .isEqualTo(TEXT.replace("[1] old", "[1] new"));
    }

    @Test
    void shouldRefuseWhatItDoesNotUnderstand()
    {
        assertThatThrownBy(() -> GoldenFile.parse("sample.txt", "== s wheel=of\nin:\nout:\n"))
            .hasMessageContaining("unknown scenario option wheel=of");
        assertThatThrownBy(() -> GoldenFile.parse("sample.txt", "== s\n+0 TICK\nin:\nout:\n"))
            .hasMessageContaining("line 2 is neither a comment nor in:");
        assertThatThrownBy(() -> GoldenFile.parse("sample.txt", "== s\nin:\n+0 TICK\n"))
            .hasMessageContaining("needs in: and out:");
    }

    @Test
    void shouldRefuseACommandLineWithATypo()
    {
        final GoldenFile file = GoldenFile.parse("sample.txt", "== s\nin:\n+0 UPSERT_PRODUCT SKU-A stok=5 limit=1\nout:\n");

        assertThatThrownBy(() -> ScenarioReplay.run(file.scenarios().get(0)))
            .hasMessageContaining("command 1").hasMessageContaining("stock= is required");
    }
}
