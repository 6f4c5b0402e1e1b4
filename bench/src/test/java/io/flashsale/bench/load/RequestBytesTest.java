package io.flashsale.bench.load;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequestDecoder;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class RequestBytesTest
{
    /** What the generator writes by hand must be what Netty's own server decoder reads as the request. */
    @Test
    void theBytesDecodeAsTheRequestWithItsHeadersAndBody()
    {
        final RequestBytes bytes = new RequestBytes("127.0.0.1:18080");
        final EmbeddedChannel server = new EmbeddedChannel(new HttpRequestDecoder(), new HttpObjectAggregator(1 << 16));
        server.writeInbound(bytes.encode(new LoadRequest("reserve", "POST", "/api/v1/reservations",
            "{\"sku\":\"SKU-1\",\"quantity\":1,\"note\":\"é\"}", "w-user-7"), ByteBufAllocator.DEFAULT));
        server.writeInbound(bytes.encode(new LoadRequest("availability", "GET", "/api/v1/products/SKU-1/availability",
            null, null), ByteBufAllocator.DEFAULT));

        final FullHttpRequest post = server.readInbound();
        assertThat(post.decoderResult().isSuccess()).isTrue();
        assertThat(post.method().name()).isEqualTo("POST");
        assertThat(post.uri()).isEqualTo("/api/v1/reservations");
        assertThat(post.headers().get("Host")).isEqualTo("127.0.0.1:18080");
        assertThat(post.headers().get("X-User-Id")).isEqualTo("w-user-7");
        assertThat(post.headers().get("Content-Type")).isEqualTo("application/json");
        assertThat(post.content().toString(StandardCharsets.UTF_8)).isEqualTo("{\"sku\":\"SKU-1\",\"quantity\":1,\"note\":\"é\"}");
        post.release();

        final FullHttpRequest get = server.readInbound();
        assertThat(get.decoderResult().isSuccess()).isTrue();
        assertThat(get.method().name()).isEqualTo("GET");
        assertThat(get.headers().get("X-User-Id")).isNull();
        assertThat(get.headers().getInt("Content-Length")).isZero();
        assertThat(get.content().readableBytes()).isZero();
        get.release();
        server.finishAndReleaseAll();
    }
}
