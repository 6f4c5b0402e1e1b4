package io.flashsale.gateway.http;

import io.flashsale.engine.shard.PublishedSku;
import io.flashsale.gateway.GatewayMetrics;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.ScheduledFuture;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET .../availability/stream}: Server-Sent Events. The current availability at once, then
 * the SKU's availability cell is looked at every 50 ms on the connection's event loop and an event
 * goes out when its version moved: changes are coalesced to at most one event per 50 ms, and the
 * engine never knows how many streams are open (a stream only reads the cell).
 */
final class AvailabilityStream
{
    static final long PERIOD_MILLIS = 50;

    private final ChannelHandlerContext ctx;
    private final PublishedSku[] skus;
    private final long[] sentVersions;
    private static final long MAX_UNWRITABLE_NANOS = 10_000_000_000L;

    private long unwritableSinceNanos;
    private ScheduledFuture<?> poll;

    private AvailabilityStream(final ChannelHandlerContext ctx, final List<PublishedSku> skus)
    {
        this.ctx = ctx;
        this.skus = skus.toArray(PublishedSku[]::new);
        this.sentVersions = new long[this.skus.length];
        Arrays.fill(sentVersions, -1);
    }

    /** Takes the connection over: no further requests are read on it. */
    static void start(final ChannelHandlerContext ctx, final List<PublishedSku> skus, final GatewayMetrics metrics)
    {
        final DefaultHttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        head.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE);
        head.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        HttpUtil.setTransferEncodingChunked(head, true);
        ctx.write(head);
        final AvailabilityStream stream = new AvailabilityStream(ctx, skus);
        stream.sendIfChanged();
        stream.poll = ctx.executor().scheduleAtFixedRate(stream::sendIfChanged, PERIOD_MILLIS, PERIOD_MILLIS,
            TimeUnit.MILLISECONDS);
        metrics.streamOpened();
        ctx.channel().closeFuture().addListener(closed ->
        {
            stream.poll.cancel(false);
            metrics.streamClosed();
        });
    }

    private void sendIfChanged()
    {
        if (!ctx.channel().isActive() || !changed())
        {
            return;
        }
        if (!ctx.channel().isWritable())
        {
            // a client that does not read: skip (the next look sends the latest), and give up on it after a while
            if (unwritableSinceNanos == 0)
            {
                unwritableSinceNanos = System.nanoTime();
            }
            else if (System.nanoTime() - unwritableSinceNanos > MAX_UNWRITABLE_NANOS)
            {
                ctx.close();
            }
            return;
        }
        unwritableSinceNanos = 0;
        final StringBuilder events = new StringBuilder();
        try
        {
            for (int i = 0; i < skus.length; i++)
            {
                final long version = skus[i].availability().version();
                if (version != sentVersions[i])
                {
                    sentVersions[i] = version;
                    events.append("event: availability\ndata: ")
                        .append(JsonResponses.JSON.writeValueAsString(JsonViews.availability(skus[i]))).append("\n\n");
                }
            }
        }
        catch (final com.fasterxml.jackson.core.JsonProcessingException ex)
        {
            ctx.close();
            return;
        }
        ctx.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(events.toString().getBytes(StandardCharsets.UTF_8))));
    }

    private boolean changed()
    {
        for (int i = 0; i < skus.length; i++)
        {
            if (skus[i].availability().version() != sentVersions[i])
            {
                return true;
            }
        }
        return false;
    }
}
