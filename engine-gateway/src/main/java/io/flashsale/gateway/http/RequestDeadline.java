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
 * must be in within {@code requestMillis} (else 408 and close, checked every {@code requestMillis}:
 * slowloris dribbling a header a byte at a time gets nowhere); a connection with nothing in flight is
 * closed after {@code idleMillis}.
 * Sits before the HTTP codec; {@link ApiHandler} says when a request is complete.
 */
public final class RequestDeadline extends ChannelDuplexHandler
{
    private final long requestNanos;
    private final long idleNanos;
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> timer;
    /** When the current deadline passes (System.nanoTime), and whether it is a partial request's. */
    private long deadlineNanos;
    private boolean inRequest;
    private boolean stopped;

    public RequestDeadline(final long requestMillis, final long idleMillis)
    {
        this.requestNanos = TimeUnit.MILLISECONDS.toNanos(requestMillis);
        this.idleNanos = TimeUnit.MILLISECONDS.toNanos(idleMillis);
    }

    @Override
    public void handlerAdded(final ChannelHandlerContext ctx)
    {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(final ChannelHandlerContext ctx) throws Exception
    {
        moveDeadline(idleNanos);
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(final ChannelHandlerContext ctx, final Object msg) throws Exception
    {
        if (!inRequest && !stopped && msg instanceof ByteBuf bytes && bytes.isReadable())
        {
            inRequest = true;
            moveDeadline(requestNanos);
        }
        super.channelRead(ctx, msg);
    }

    @Override
    public void channelInactive(final ChannelHandlerContext ctx) throws Exception
    {
        stopped = true;
        cancel();
        super.channelInactive(ctx);
    }

    /** A whole request has arrived: back to the idle deadline. */
    void requestComplete()
    {
        inRequest = false;
        if (!stopped)
        {
            moveDeadline(idleNanos);
        }
    }

    /** The connection became a long-lived stream: no deadlines any more. */
    void stop()
    {
        stopped = true;
        cancel();
    }

    /**
     * Moves the deadline without touching the scheduler: one periodic check per connection (every
     * request timeout) looks at it, instead of a cancel and a schedule per request. A slow request is
     * so answered between one and two timeouts after its first byte.
     */
    private void moveDeadline(final long fromNowNanos)
    {
        deadlineNanos = System.nanoTime() + fromNowNanos;
        if (timer == null)
        {
            final long period = Math.min(requestNanos, idleNanos);
            timer = ctx.executor().scheduleAtFixedRate(this::check, period, period, TimeUnit.NANOSECONDS);
        }
    }

    private void check()
    {
        if (stopped || deadlineNanos - System.nanoTime() > 0)
        {
            return;
        }
        cancel();
        if (!inRequest)
        {
            ctx.close();
            return;
        }
        final var response = JsonResponses.error(HttpResponseStatus.REQUEST_TIMEOUT, "INVALID_REQUEST",
            "the request did not arrive in time");
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        final ApiHandler api = ctx.pipeline().get(ApiHandler.class);
        if (api != null)
        {
            if (!api.refuse(response, false)) // in turn, behind earlier pipelined answers, then close
            {
                ctx.close();
            }
            return;
        }
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
