package io.flashsale.bench.load;

import io.netty.bootstrap.Bootstrap;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.HttpObjectAggregator;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Open-model, constant-rate HTTP load over many keep-alive connections on a non-blocking Netty
 * client. Each connection sends its share of the rate at the times a {@link ConstantRateSchedule}
 * gives, one request at a time; when an answer comes late the next request goes at once and its
 * latency still counts from its intended time, so a stalled server shows in the percentiles
 * instead of slowing the client down (coordinated omission corrected).
 */
public final class HttpLoadGenerator
{
    /**
     * @param rate        requests per second, all connections together.
     * @param warmupNanos answers to requests intended before start + warm-up are not recorded.
     * @param maxRequests a bound on requests per connection (Long.MAX_VALUE for none).
     */
    public record Plan(URI target, Scenario scenario, double rate, int connections, long durationNanos,
        long warmupNanos, long maxRequests)
    {
        public Plan
        {
            if (warmupNanos < 0 || warmupNanos >= durationNanos)
            {
                throw new IllegalArgumentException("the warm-up must be shorter than the run");
            }
        }
    }

    /** What a run did: recorded latencies, the measured span, connections that failed. */
    /**
     * @param timerLateness the generator's own delay (microseconds): how late a send went that was due
     *                      while its connection was idle, so no answer was waited for. What it shows
     *                      is in every latency figure, and is not the server's.
     */
    public record Outcome(LatencyRecorder latencies, long measuredNanos, int connectionsLost, long unanswered,
        Histogram timerLateness)
    {
    }

    private static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final long SECOND_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Between the warm-up and the measured run: what the warm-up still has in flight is answered. */
    private static final long PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(1_000);
    /** Into that pause, when {@code measuring} runs: the warm-up's answers are in by then. */
    private static final long MEASURING_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private HttpLoadGenerator()
    {
    }

    /** @param progress told each second with the last second's latencies (may be a no-op). */
    public static Outcome run(final Plan plan, final Consumer<LatencyRecorder> progress) throws InterruptedException
    {
        return run(plan, progress, () -> { });
    }

    /**
     * @param measuring run on the calling thread before recording starts, while nothing is sent: before
     *                  the first send, or in the pause after the warm-up (to take the server's own figures
     *                  over the same span). Run as recording started, its scrape was the run's tail: on
     *                  2 busy vCPUs its cold code took the first second's p99 to 80-122 ms, against
     *                  13-16 ms without it.
     */
    public static Outcome run(final Plan plan, final Consumer<LatencyRecorder> progress, final Runnable measuring)
        throws InterruptedException
    {
        final boolean epoll = Epoll.isAvailable();
        final IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        final EventLoopGroup group = new MultiThreadIoEventLoopGroup(Math.max(1, Runtime.getRuntime().availableProcessors() / 2), io);
        final LatencyRecorder latencies = new LatencyRecorder();
        final Recorder lateness = new Recorder(60_000_000L, 3);
        final CountDownLatch finished = new CountDownLatch(plan.connections());
        final CountDownLatch connected = new CountDownLatch(plan.connections());
        final List<LoadConnection> connections = new ArrayList<>();
        try
        {
            for (int c = 0; c < plan.connections(); c++)
            {
                final LoadConnection connection = new LoadConnection(plan, plan.scenario().session(c), latencies,
                    lateness, connected, finished);
                connections.add(connection);
                new Bootstrap().group(group)
                    .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5_000)
                    .handler(new ChannelInitializer<SocketChannel>()
                    {
                        @Override
                        protected void initChannel(final SocketChannel channel)
                        {
                            // requests go out as bytes written here (RequestBytes); only answers are decoded
                            channel.pipeline().addLast(new HttpResponseDecoder(), new HttpObjectAggregator(1 << 20), connection);
                        }
                    })
                    .connect(plan.target().getHost(), plan.target().getPort())
                    .addListener(future ->
                    {
                        if (!future.isSuccess())
                        {
                            connection.lost();
                            connected.countDown();
                        }
                    });
            }
            // the schedule starts once every connection is up: connecting is not the server's latency. The
            // warm-up's backlog is dropped at its end, and the measured schedule starts afresh a pause later,
            // on the same connections (new ones, on a new loop, showed a start-up stall of their own)
            connected.await(10, TimeUnit.SECONDS);
            boolean measured = plan.warmupNanos() == 0;
            if (measured)
            {
                measuring.run();
            }
            final long warmupStart = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10);
            final long warmupEnd = warmupStart + plan.warmupNanos();
            final long measuringAt = warmupEnd + MEASURING_NANOS;
            final long start = plan.warmupNanos() == 0 ? warmupStart : warmupEnd + PAUSE_NANOS;
            final long end = start + plan.durationNanos() - plan.warmupNanos();
            for (int c = 0; c < connections.size(); c++)
            {
                connections.get(c).begin(new ConstantRateSchedule(warmupStart, plan.rate(), plan.connections(), c),
                    warmupEnd, new ConstantRateSchedule(start, plan.rate(), plan.connections(), c), end);
            }
            while (true)
            {
                final long now = System.nanoTime();
                if (!measured && now - measuringAt >= 0)
                {
                    measuring.run();
                    measured = true;
                }
                final long wait = measured ? SECOND_NANOS : Math.min(SECOND_NANOS, measuringAt - now);
                if (finished.await(wait, TimeUnit.NANOSECONDS) || System.nanoTime() > end + GRACE_NANOS)
                {
                    break;
                }
                progress.accept(latencies);
            }
            if (!measured)
            {
                measuring.run();
            }
            long unanswered = 0;
            int lost = 0;
            for (final LoadConnection connection : connections)
            {
                unanswered += connection.abandon();
                lost += connection.wasLost() ? 1 : 0;
            }
            return new Outcome(latencies, plan.durationNanos() - plan.warmupNanos(), lost, unanswered,
                lateness.getIntervalHistogram());
        }
        finally
        {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
        }
    }

    /** One keep-alive connection: sends at intended times, records answers, one request in flight. */
    private static final class LoadConnection extends SimpleChannelInboundHandler<FullHttpResponse>
    {
        private final Plan plan;
        private final Scenario.Session session;
        private final LatencyRecorder latencies;
        private final Recorder lateness;
        private final CountDownLatch connected;
        private final CountDownLatch finished;
        private final RequestBytes requestBytes;
        /** Set by {@link #begin}, on the channel's event loop, once every connection is up. */
        private ConstantRateSchedule schedule;
        private long warmupEnd;
        private ConstantRateSchedule measured;
        private boolean recording;
        private long end;
        private Channel channel;
        private long sent;
        private long intended;
        private volatile LoadRequest inFlight;
        private volatile boolean done;
        private volatile boolean lost;

        LoadConnection(final Plan plan, final Scenario.Session session, final LatencyRecorder latencies,
            final Recorder lateness, final CountDownLatch connected, final CountDownLatch finished)
        {
            this.plan = plan;
            this.session = session;
            this.latencies = latencies;
            this.lateness = lateness;
            this.connected = connected;
            this.finished = finished;
            this.requestBytes = new RequestBytes(plan.target().getHost() + ":" + plan.target().getPort());
        }

        @Override
        public void channelActive(final ChannelHandlerContext ctx)
        {
            channel = ctx.channel();
            connected.countDown();
        }

        void begin(final ConstantRateSchedule warmup, final long warmupEnd, final ConstantRateSchedule measured,
            final long end)
        {
            if (channel == null)
            {
                return; // never connected: counted as lost
            }
            channel.eventLoop().execute(() ->
            {
                this.schedule = warmup;
                this.warmupEnd = warmupEnd;
                this.measured = measured;
                this.end = end;
                sendWhenDue();
            });
        }

        private void sendWhenDue()
        {
            intended = schedule.intendedNanos(sent);
            if (schedule != measured && intended >= warmupEnd)
            {
                schedule = measured; // the warm-up's backlog is not carried into the measurement
                recording = true;
                sent = 0;
                intended = schedule.intendedNanos(0);
            }
            if (intended >= end || sent >= plan.maxRequests())
            {
                finish();
                return;
            }
            final long delay = intended - System.nanoTime();
            if (delay <= 0)
            {
                send();
            }
            else
            {
                channel.eventLoop().schedule(this::sendOnTime, delay, TimeUnit.NANOSECONDS);
            }
        }

        /** A send its connection waited for idle: how late the timer fired is the generator's own delay. */
        private void sendOnTime()
        {
            if (recording)
            {
                lateness.recordValue(Math.min(60_000_000L, Math.max(0, (System.nanoTime() - intended) / 1_000)));
            }
            send();
        }

        private void send()
        {
            if (done)
            {
                return;
            }
            sent++;
            inFlight = session.next();
            channel.writeAndFlush(requestBytes.encode(inFlight, channel.alloc()));
        }

        @Override
        protected void channelRead0(final ChannelHandlerContext ctx, final FullHttpResponse response)
        {
            final long now = System.nanoTime();
            final LoadRequest answered = inFlight;
            inFlight = null;
            if (answered == null)
            {
                return;
            }
            final int status = response.status().code();
            if (recording)
            {
                latencies.record(answered.operation(), now - intended, status);
            }
            session.onAnswer(answered, status, response.content().toString(StandardCharsets.UTF_8));
            sendWhenDue();
        }

        @Override
        public void channelInactive(final ChannelHandlerContext ctx)
        {
            if (!done)
            {
                lost();
            }
        }

        @Override
        public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
        {
            ctx.close();
        }

        void lost()
        {
            lost = true;
            finish();
        }

        boolean wasLost()
        {
            return lost;
        }

        /** At the end of the grace: a request still in flight is recorded as unanswered (status 0). */
        long abandon()
        {
            final LoadRequest open = inFlight;
            if (channel != null)
            {
                channel.eventLoop().execute(this::finish);
            }
            if (open != null && !done)
            {
                latencies.record(open.operation(), System.nanoTime() - intended, 0);
                return 1;
            }
            return 0;
        }

        private void finish()
        {
            if (!done)
            {
                done = true;
                if (channel != null)
                {
                    channel.close();
                }
                finished.countDown();
            }
        }
    }
}
