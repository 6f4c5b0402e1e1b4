package io.flashsale.gateway.http;

import io.netty.handler.codec.http.QueryStringDecoder;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The hand-written path split gives what the decoder + split it replaced gave, for any URI. */
class ExchangeSegmentsTest
{
    @Test
    void sameSegmentsAsQueryStringDecoderAndSplit()
    {
        final SplittableRandom random = new SplittableRandom(7);
        final String alphabet = "/a?#=&%b.";
        for (int i = 0; i < 100_000; i++)
        {
            final StringBuilder uri = new StringBuilder();
            final int length = random.nextInt(12);
            for (int j = 0; j < length; j++)
            {
                uri.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            assertThat(Exchange.segmentsOf(uri.toString())).as(uri.toString()).isEqualTo(reference(uri.toString()));
        }
        assertThat(Exchange.segmentsOf("/api/v1/products/X/availability?x=1"))
            .containsExactly("api", "v1", "products", "X", "availability");
    }

    private static List<String> reference(final String uri)
    {
        final String[] parts = new QueryStringDecoder(uri).rawPath().split("/", -1);
        return parts.length <= 1 ? List.of() : List.of(parts).subList(1, parts.length);
    }
}
