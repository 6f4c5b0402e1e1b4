package io.flashsale.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/** The holds a run was answered 201 for (id and owner), kept up to a bound, for the checks after the run. */
public final class AcceptedHolds
{
    public record Hold(String reservationId, String user)
    {
    }

    private final ConcurrentLinkedQueue<Hold> holds = new ConcurrentLinkedQueue<>();
    private final AtomicInteger count = new AtomicInteger();
    private final int limit;

    public AcceptedHolds(final int limit)
    {
        this.limit = limit;
    }

    /** Takes the id out of a reservation body; a 201 without one is kept as a hold with id null. */
    public void add(final String body, final String user)
    {
        if (count.incrementAndGet() <= limit)
        {
            holds.add(new Hold(reservationIdOf(body), user));
        }
    }

    public int count()
    {
        return count.get();
    }

    public List<Hold> kept()
    {
        return new ArrayList<>(holds);
    }

    static String reservationIdOf(final String body)
    {
        final String key = "\"reservationId\":\"";
        final int start = body == null ? -1 : body.indexOf(key);
        if (start < 0)
        {
            return null;
        }
        final int end = body.indexOf('"', start + key.length());
        return end < 0 ? null : body.substring(start + key.length(), end);
    }
}
