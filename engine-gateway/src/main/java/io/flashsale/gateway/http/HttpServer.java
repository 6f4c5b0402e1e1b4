package io.flashsale.gateway.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;

import java.net.InetSocketAddress;
import java.util.function.Supplier;

/**
 * The Netty HTTP/1.1 server: native epoll when it loads (else NIO), keep-alive, pipelining.
 * <pre>
 *  RequestDeadline → HttpServerCodec (4 KiB line, 8 KiB headers) → BodyLimit (16 KiB) → ApiHandler
 * </pre>
 */
public final class HttpServer implements AutoCloseable
{
    private static final int MAX_INITIAL_LINE = 4096;
    private static final int MAX_HEADERS = 8192;

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Channel channel;
    private final boolean nativeTransport;
    private final ChannelGroup connections;

    private HttpServer(final EventLoopGroup boss, final EventLoopGroup workers, final Channel channel,
        final boolean nativeTransport, final ChannelGroup connections)
    {
        this.boss = boss;
        this.workers = workers;
        this.channel = channel;
        this.nativeTransport = nativeTransport;
        this.connections = connections;
    }

    public static HttpServer start(final String host, final int port, final int eventLoops, final long requestTimeoutMillis,
        final long idleTimeoutMillis, final Supplier<ApiHandler> handlers) throws InterruptedException
    {
        final boolean epoll = Epoll.isAvailable();
        final IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        final Class<? extends ServerChannel> channelType = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        final EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, io);
        final EventLoopGroup workers = new MultiThreadIoEventLoopGroup(eventLoops, io);
        final ChannelGroup connections =
            new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        try
        {
            final Channel channel = new ServerBootstrap()
                .group(boss, workers)
                .channel(channelType)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>()
                {
                    @Override
                    protected void initChannel(final SocketChannel ch)
                    {
                        connections.add(ch);
                        ch.pipeline()
                            .addLast(new RequestDeadline(requestTimeoutMillis, idleTimeoutMillis))
                            .addLast(new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADERS, 16 * 1024))
                            .addLast(new BodyLimit())
                            .addLast(handlers.get());
                    }
                })
                .bind(new InetSocketAddress(host, port)).sync().channel();
            return new HttpServer(boss, workers, channel, epoll, connections);
        }
        catch (final RuntimeException | InterruptedException ex)
        {
            boss.shutdownGracefully();
            workers.shutdownGracefully();
            throw ex;
        }
    }

    public int port()
    {
        return ((InetSocketAddress)channel.localAddress()).getPort();
    }

    public boolean nativeTransport()
    {
        return nativeTransport;
    }

    /**
     * Stops accepting and closes every open connection, so nothing more reaches the rings while they
     * drain (answers still in flight are lost with their connections; their commands still apply).
     */
    public void stopAccepting()
    {
        channel.close().syncUninterruptibly();
        connections.close().awaitUninterruptibly();
    }

    /** Closes every open connection (event streams too) and keeps accepting new ones. */
    public void closeConnections()
    {
        connections.close().awaitUninterruptibly();
    }

    @Override
    public void close()
    {
        channel.close().syncUninterruptibly();
        boss.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}
