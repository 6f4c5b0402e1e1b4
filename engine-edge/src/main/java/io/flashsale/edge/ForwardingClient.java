package io.flashsale.edge;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.pool.AbstractChannelPoolHandler;
import io.netty.channel.pool.ChannelHealthChecker;
import io.netty.channel.pool.FixedChannelPool;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.ScheduledFuture;

import java.net.URI;
import java.nio.channels.ClosedChannelException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;

/**
 * Keep-alive HTTP/1.1 connections from the edge to the groups' nodes, pooled per event loop and per
 * node: a forwarded request goes out on the loop of the shopper's own connection, so the answer comes
 * back there with no hand-off between threads. One request at a time per connection (no head-of-line
 * blocking behind a slow answer); the pool opens more up to {@link #MAX_CONNECTIONS} a node a loop and
 * fails fast past that, so a slow group cannot queue the edge without bound.
 */
final class ForwardingClient implements AutoCloseable
{
    static final int MAX_CONNECTIONS = 256;
    private static final int MAX_WAITING_FOR_CONNECTION = 4_096;
    private static final int ACQUIRE_TIMEOUT_MILLIS = 1_000;
    private static final int MAX_ANSWER_BYTES = 1 << 20;
    private static final AttributeKey<Waiting> WAITING = AttributeKey.valueOf("flashsale.forwarded");

    private final Map<EventLoop, Map<String, FixedChannelPool>> pools = new ConcurrentHashMap<>();

    /**
     * Event loop of {@code inbound}: sends {@code request} to {@code base}; {@code done} gets the
     * answer (the receiver releases it) or why there is none, on that same loop.
     */
    void send(final Channel inbound, final String base, final FullHttpRequest request, final long timeoutMillis,
        final BiConsumer<FullHttpResponse, Throwable> done)
    {
        final FixedChannelPool pool = pool(inbound, base);
        pool.acquire().addListener(acquired ->
        {
            if (!acquired.isSuccess())
            {
                request.release();
                done.accept(null, acquired.cause());
                return;
            }
            final Channel channel = (Channel)acquired.getNow();
            final Waiting waiting = new Waiting(pool, channel, done);
            channel.attr(WAITING).set(waiting);
            waiting.timeout = channel.eventLoop().schedule(() -> waiting.fail(channel, new TimeoutException(
                "no answer in " + timeoutMillis + " ms")), timeoutMillis, TimeUnit.MILLISECONDS);
            channel.writeAndFlush(request).addListener(written ->
            {
                if (!written.isSuccess())
                {
                    waiting.fail(channel, written.cause());
                }
            });
        });
    }

    private FixedChannelPool pool(final Channel inbound, final String base)
    {
        final EventLoop loop = inbound.eventLoop();
        return pools.computeIfAbsent(loop, ignored -> new ConcurrentHashMap<>()).computeIfAbsent(base, node ->
        {
            final URI uri = URI.create(node);
            @SuppressWarnings("unchecked")
            final Class<? extends Channel> type = (Class<? extends Channel>)inbound.getClass(); // epoll or NIO, as the loop
            final Bootstrap bootstrap = new Bootstrap().group(loop).channel(type)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, ACQUIRE_TIMEOUT_MILLIS)
                .remoteAddress(uri.getHost(), uri.getPort() < 0 ? 80 : uri.getPort());
            return new FixedChannelPool(bootstrap, new AbstractChannelPoolHandler()
            {
                @Override
                public void channelCreated(final Channel channel)
                {
                    channel.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(MAX_ANSWER_BYTES), new Answers());
                }
            }, ChannelHealthChecker.ACTIVE, FixedChannelPool.AcquireTimeoutAction.FAIL, ACQUIRE_TIMEOUT_MILLIS,
                MAX_CONNECTIONS, MAX_WAITING_FOR_CONNECTION);
        });
    }

    @Override
    public void close()
    {
        pools.values().forEach(byNode -> byNode.values().forEach(FixedChannelPool::closeAsync));
    }

    /** A request on its way: finished once, by its answer, a failure or its timeout, whichever is first. */
    private static final class Waiting
    {
        private final FixedChannelPool pool;
        private final Channel channel;
        private final BiConsumer<FullHttpResponse, Throwable> done;
        private ScheduledFuture<?> timeout;

        Waiting(final FixedChannelPool pool, final Channel channel, final BiConsumer<FullHttpResponse, Throwable> done)
        {
            this.pool = pool;
            this.channel = channel;
            this.done = done;
        }

        void answer(final FullHttpResponse response)
        {
            if (channel.attr(WAITING).compareAndSet(this, null))
            {
                timeout.cancel(false);
                if (!HttpUtil.isKeepAlive(response))
                {
                    channel.close();
                }
                pool.release(channel);
                done.accept(response, null);
            }
            else
            {
                response.release();
            }
        }

        void fail(final Channel failed, final Throwable why)
        {
            if (failed.attr(WAITING).compareAndSet(this, null))
            {
                if (timeout != null)
                {
                    timeout.cancel(false);
                }
                failed.close(); // its state is unknown: never reused
                pool.release(failed);
                done.accept(null, why);
            }
        }
    }

    /** The client pipeline's end: hands each whole answer to the request waiting on the connection. */
    private static final class Answers extends SimpleChannelInboundHandler<FullHttpResponse>
    {
        @Override
        protected void channelRead0(final ChannelHandlerContext ctx, final FullHttpResponse response)
        {
            final Waiting waiting = ctx.channel().attr(WAITING).get();
            if (waiting != null)
            {
                waiting.answer(response.retain());
            }
        }

        @Override
        public void channelInactive(final ChannelHandlerContext ctx)
        {
            final Waiting waiting = ctx.channel().attr(WAITING).get();
            if (waiting != null)
            {
                waiting.fail(ctx.channel(), new ClosedChannelException());
            }
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
        {
            ctx.close();
        }
    }
}
