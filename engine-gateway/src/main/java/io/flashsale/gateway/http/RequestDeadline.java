package io.flashsale.gateway.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.concurrent.TimeUnit;

/**
 * Slow clients cannot hold a connection: once the first bytes of a request arrive, the whole request
 * must be in within {@code requestMillis} (else 408 and close: slowloris dribbling a header a byte at
 * a time gets nowhere); a connection with nothing in flight is closed after {@code idleMillis}.
 * Sits before the HTTP codec; {@link ApiHandler} says when a request is complete.
 */
public final class RequestDeadline extends ChannelDuplexHandler
{
    private final long requestMillis;
    private final long idleMillis;
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> timer;
    private boolean inRequest;
    private boolean stopped;

    public RequestDeadline(final long requestMillis, final long idleMillis)
    {
        this.requestMillis = requestMillis;
        this.idleMillis = idleMillis;
    }

    @Override
    public void handlerAdded(final ChannelHandlerContext ctx)
    {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(final ChannelHandlerContext ctx) throws Exception
    {
        arm(idleMillis, false);
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(final ChannelHandlerContext ctx, final Object msg) throws Exception
    {
        if (!inRequest && !stopped && msg instanceof ByteBuf bytes && bytes.isReadable())
        {
            inRequest = true;
            arm(requestMillis, true);
        }
        super.channelRead(ctx, msg);
    }

    @Override
    public void channelInactive(final ChannelHandlerContext ctx) throws Exception
    {
        cancel();
        super.channelInactive(ctx);
    }

    /** A whole request has arrived: back to the idle deadline. */
    void requestComplete()
    {
        inRequest = false;
        if (!stopped)
        {
            arm(idleMillis, false);
        }
    }

    /** The connection became a long-lived stream: no deadlines any more. */
    void stop()
    {
        stopped = true;
        cancel();
    }

    private void arm(final long millis, final boolean partialRequest)
    {
        cancel();
        timer = ctx.executor().schedule(() -> expire(partialRequest), millis, TimeUnit.MILLISECONDS);
    }

    private void expire(final boolean partialRequest)
    {
        if (!partialRequest)
        {
            ctx.close();
            return;
        }
        final var response = JsonResponses.error(HttpResponseStatus.REQUEST_TIMEOUT, "INVALID_REQUEST",
            "the request did not arrive in time");
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        // from the tail of the pipeline, so the response goes through the HTTP encoder after this handler
        ctx.channel().writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    private void cancel()
    {
        if (timer != null)
        {
            timer.cancel(false);
            timer = null;
        }
    }
}
