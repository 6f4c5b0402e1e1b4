package io.flashsale.engine.state;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LineDiffTest
{
    @Test
    void shouldShowAChangedLineWithItsContextOnly()
    {
        final List<String> expected = List.of("[1] +0 TICK", "answer OK", "a", "b", "c", "d", "e");
        final List<String> actual = List.of("[1] +0 TICK", "answer NOT_FOUND", "a", "b", "c", "d", "e");

        assertThat(LineDiff.of(expected, actual))
            .isEqualTo("  [1] +0 TICK\n- answer OK\n+ answer NOT_FOUND\n  a\n  b\n  ...\n");
    }

    @Test
    void shouldShowMissingAndExtraLines()
    {
        assertThat(LineDiff.of(List.of("a", "b", "c"), List.of("a", "c", "d"))).isEqualTo("  a\n- b\n  c\n+ d\n");
    }
}
