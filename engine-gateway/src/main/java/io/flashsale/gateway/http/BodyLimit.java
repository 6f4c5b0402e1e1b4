package io.flashsale.gateway.http;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;

/** Aggregates request bodies up to the API's 16 KiB; a larger one gets the JSON 413 and the connection closes. */
public final class BodyLimit extends HttpObjectAggregator
{
    public static final int MAX_BODY = 16 * 1024;

    public BodyLimit()
    {
        super(MAX_BODY);
    }

    @Override
    protected void handleOversizedMessage(final ChannelHandlerContext ctx, final HttpMessage oversized)
    {
        ctx.writeAndFlush(tooLarge()).addListener(ChannelFutureListener.CLOSE);
    }

    /** {@code Expect: 100-continue} with a body over the limit: the same JSON 413, before the body is sent. */
    @Override
    protected Object newContinueResponse(final HttpMessage start, final int maxContentLength,
        final io.netty.channel.ChannelPipeline pipeline)
    {
        final Object answer = super.newContinueResponse(start, maxContentLength, pipeline);
        if (answer instanceof io.netty.handler.codec.http.FullHttpResponse response &&
            response.status().equals(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE))
        {
            response.release();
            return tooLarge();
        }
        return answer;
    }

    private static io.netty.handler.codec.http.FullHttpResponse tooLarge()
    {
        final var response = JsonResponses.error(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "PAYLOAD_TOO_LARGE",
            "request bodies are limited to " + MAX_BODY + " bytes");
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return response;
    }
}
