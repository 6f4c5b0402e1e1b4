package io.flashsale.gateway.http;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.util.ReferenceCountUtil;

import java.util.HashMap;
import java.util.Map;

/**
 * HTTP/1.1 pipelining on one connection: answers may finish out of order (a reserve waits for the
 * ring, a read does not), but they are written in the order the requests came. Event loop only.
 */
final class ResponseOrder
{
    private record Ready(FullHttpResponse response, boolean keepAlive)
    {
    }

    private final Map<Long, Ready> ready = new HashMap<>();
    private long nextToAssign;
    private long nextToWrite;
    private boolean closing;

    long assign()
    {
        return nextToAssign++;
    }

    /** Hands in the answer to request {@code sequence}; writes every answer now in turn. */
    void complete(final ChannelHandlerContext ctx, final long sequence, final FullHttpResponse response,
        final boolean keepAlive)
    {
        if (closing)
        {
            ReferenceCountUtil.release(response);
            return;
        }
        if (sequence == nextToWrite && ready.isEmpty())
        {
            // the common case, no pipelining: straight out, no map entry
            nextToWrite++;
            write(ctx, response, keepAlive);
            return;
        }
        ready.put(sequence, new Ready(response, keepAlive));
        Ready next;
        while (!closing && (next = ready.remove(nextToWrite)) != null)
        {
            nextToWrite++;
            write(ctx, next.response(), next.keepAlive());
        }
    }

    private void write(final ChannelHandlerContext ctx, final FullHttpResponse response, final boolean keepAlive)
    {
        response.headers().set(HttpHeaderNames.CONNECTION, keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
        if (keepAlive)
        {
            ctx.writeAndFlush(response);
            return;
        }
        closing = true;
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        ready.values().forEach(dropped -> ReferenceCountUtil.release(dropped.response()));
        ready.clear();
    }

    /** True when every earlier answer has been written: a stream may take the connection over. */
    boolean isTurnOf(final long sequence)
    {
        return nextToWrite == sequence;
    }

    void skip(final long sequence)
    {
        if (nextToWrite == sequence)
        {
            nextToWrite++;
        }
    }
}
