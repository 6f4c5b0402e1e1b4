package io.flashsale.bench.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.codec.http.HttpVersion;

import java.nio.charset.StandardCharsets;

/**
 * The HTTP ceiling of this box: the smallest Netty JSON server (same Netty, same epoll, same event
 * loop count as the gateway) answering every request with a fixed body. The gateway's figures are
 * read as ratios to this one, measured in the same run.
 */
public final class HelloWorldServer
{
    private static final byte[] BODY = "{\"hello\":\"world\"}".getBytes(StandardCharsets.UTF_8);

    private HelloWorldServer()
    {
    }

    public static void main(final String[] args) throws InterruptedException
    {
        final int port = Integer.parseInt(args.length > 0 ? args[0] : "18081");
        final boolean epoll = Epoll.isAvailable();
        final IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        final EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, io);
        final EventLoopGroup workers = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(), io);
        new ServerBootstrap().group(boss, workers)
            .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
            .option(ChannelOption.SO_BACKLOG, 4096)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(new ChannelInitializer<SocketChannel>()
            {
                @Override
                protected void initChannel(final SocketChannel ch)
                {
                    ch.pipeline().addLast(new HttpServerCodec(), new HttpServerKeepAliveHandler(),
                        new HttpObjectAggregator(16 * 1024), new SimpleChannelInboundHandler<FullHttpRequest>()
                        {
                            @Override
                            protected void channelRead0(final ChannelHandlerContext ctx, final FullHttpRequest request)
                            {
                                final FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                                    HttpResponseStatus.OK, Unpooled.wrappedBuffer(BODY));
                                response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
                                response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, BODY.length);
                                ctx.writeAndFlush(response);
                            }
                        });
                }
            })
            .bind("127.0.0.1", port).sync();
        System.out.println("hello-world on http://127.0.0.1:" + port + "/ (" + (epoll ? "epoll" : "nio") + ")");
    }
}
