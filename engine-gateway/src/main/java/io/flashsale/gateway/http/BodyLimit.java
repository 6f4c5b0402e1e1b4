package io.flashsale.gateway.http;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;

/** Aggregates request bodies up to the API's 16 KiB; a larger one gets the JSON 413. */
public final class BodyLimit extends HttpObjectAggregator
{
    public static final int MAX_BODY = 16 * 1024;

    /** Discarding the rest of an oversized body on a kept-alive connection. */
    private boolean discarding;

    public BodyLimit()
    {
        super(MAX_BODY);
    }

    /** When the discarded body has all arrived, the request is over as far as the deadline is concerned. */
    @Override
    public void channelRead(final ChannelHandlerContext ctx, final Object msg) throws Exception
    {
        final boolean last = msg instanceof io.netty.handler.codec.http.LastHttpContent;
        super.channelRead(ctx, msg);
        if (discarding && last)
        {
            discarding = false;
            final RequestDeadline deadline = ctx.pipeline().get(RequestDeadline.class);
            if (deadline != null)
            {
                deadline.requestComplete();
            }
        }
    }

    /**
     * A kept-alive request whose body is not all read yet: answer, and let the aggregator discard the
     * rest of the body so the client reads the 413 (closing now would reset the connection under a
     * client still sending, and lose the answer). Otherwise answer and close.
     */
    @Override
    protected void handleOversizedMessage(final ChannelHandlerContext ctx, final HttpMessage oversized)
    {
        final boolean keepAlive = !(oversized instanceof io.netty.handler.codec.http.FullHttpMessage) &&
            HttpUtil.isKeepAlive(oversized);
        discarding = keepAlive;
        final ApiHandler api = ctx.pipeline().get(ApiHandler.class);
        if (api != null)
        {
            if (!api.refuse(tooLarge(!keepAlive), keepAlive)) // in turn, behind earlier pipelined answers
            {
                ctx.close();
            }
        }
        else
        {
            ctx.writeAndFlush(tooLarge(!keepAlive)).addListener(keepAlive ?
                ChannelFutureListener.CLOSE_ON_FAILURE : ChannelFutureListener.CLOSE);
        }
    }

    /**
     * {@code Expect: 100-continue} with a body over the limit: no answer from here (the aggregator
     * would write it at once, ahead of answers owed to earlier pipelined requests); the aggregator
     * then treats the request as oversized and {@link #handleOversizedMessage} answers the JSON 413
     * in turn.
     */
    @Override
    protected Object newContinueResponse(final HttpMessage start, final int maxContentLength,
        final io.netty.channel.ChannelPipeline pipeline)
    {
        final Object answer = super.newContinueResponse(start, maxContentLength, pipeline);
        if (answer instanceof io.netty.handler.codec.http.FullHttpResponse response &&
            response.status().equals(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE))
        {
            response.release();
            return null;
        }
        return answer;
    }

    private static io.netty.handler.codec.http.FullHttpResponse tooLarge(final boolean close)
    {
        final var response = JsonResponses.error(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "PAYLOAD_TOO_LARGE",
            "request bodies are limited to " + MAX_BODY + " bytes");
        response.headers().set(HttpHeaderNames.CONNECTION, close ? HttpHeaderValues.CLOSE : HttpHeaderValues.KEEP_ALIVE);
        return response;
    }
}
