package io.flashsale.bench.load;

/**
 * When each request of an open-model, constant-rate run is due. The total rate is split over the
 * connections, each sending every {@code connections / rate} seconds, the connections staggered so
 * the whole run sends one request every {@code 1 / rate} seconds. Latency is measured from these
 * intended times, not from when a busy connection finally got to send (the coordinated-omission
 * correction of wrk2): a stalled server makes every request that should have gone out meanwhile late.
 */
public final class ConstantRateSchedule
{
    private final long startNanos;
    private final double periodNanos;
    private final double offsetNanos;

    /**
     * @param startNanos  the run's start (System.nanoTime()).
     * @param ratePerSecond the whole run's requests per second.
     * @param connections how many connections share the rate.
     * @param connection  this connection's number, 0..connections-1.
     */
    public ConstantRateSchedule(final long startNanos, final double ratePerSecond, final int connections, final int connection)
    {
        if (ratePerSecond <= 0 || connections < 1 || connection < 0 || connection >= connections)
        {
            throw new IllegalArgumentException("rate > 0 and 0 <= connection < connections");
        }
        this.startNanos = startNanos;
        this.periodNanos = 1e9 * connections / ratePerSecond;
        this.offsetNanos = 1e9 * connection / ratePerSecond;
    }

    /** The intended send time of this connection's {@code k}-th request (k from 0). */
    public long intendedNanos(final long k)
    {
        return startNanos + (long)(offsetNanos + k * periodNanos);
    }

    /** How many of this connection's requests are due before {@code endNanos}. */
    public long requestsBefore(final long endNanos)
    {
        final double span = endNanos - startNanos - offsetNanos;
        return span <= 0 ? 0 : (long)Math.ceil(span / periodNanos);
    }
}
