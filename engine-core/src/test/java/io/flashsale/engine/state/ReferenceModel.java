package io.flashsale.engine.state;

import io.flashsale.engine.command.ReservationId;
import io.flashsale.engine.command.ReservationStatus;
import io.flashsale.engine.command.ResultCode;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The rules of shared/DESIGN.md written the plain way (boxed maps, no wheel, no cleverness), as the
 * oracle the engine is checked against command by command.
 */
final class ReferenceModel
{
    record Answer(ResultCode result, long reservationId)
    {
    }

    private static final class Hold
    {
        final int sku;
        final String user;
        final int quantity;
        final long expiresAt;
        ReservationStatus status = ReservationStatus.HELD;

        Hold(final int sku, final String user, final int quantity, final long expiresAt)
        {
            this.sku = sku;
            this.user = user;
            this.quantity = quantity;
            this.expiresAt = expiresAt;
        }
    }

    final int[] stock;
    final int[] available;
    final int[] held;
    final int[] sold;
    final boolean[] closed;
    private final int perUserLimit;
    private final long holdMillis;
    private final int shard;
    private final Map<Long, Hold> holds = new LinkedHashMap<>();
    private final Map<String, Integer> units = new HashMap<>();
    private final Map<String, Answer> answers = new HashMap<>();
    private long now;
    private long nextSequence = 1;

    ReferenceModel(final int shard, final int[] stock, final int perUserLimit, final long holdMillis)
    {
        this.shard = shard;
        this.stock = stock.clone();
        this.available = stock.clone();
        this.held = new int[stock.length];
        this.sold = new int[stock.length];
        this.closed = new boolean[stock.length];
        this.perUserLimit = perUserLimit;
        this.holdMillis = holdMillis;
    }

    int units(final String user, final int sku)
    {
        return units.getOrDefault(user + "/" + sku, 0);
    }

    void advance(final long time)
    {
        now = Math.max(now, time);
        for (final Hold hold : holds.values())
        {
            if (hold.status == ReservationStatus.HELD && hold.expiresAt <= now)
            {
                release(hold, ReservationStatus.EXPIRED);
            }
        }
    }

    Answer reserve(final int sku, final String user, final int quantity, final String key, final long time)
    {
        advance(time);
        if (key != null && answers.containsKey(user + "|" + key))
        {
            return answers.get(user + "|" + key);
        }
        final Answer answer;
        if (closed[sku])
        {
            answer = new Answer(ResultCode.SALE_NOT_OPEN, 0);
        }
        else if (available[sku] < quantity)
        {
            answer = new Answer(ResultCode.SOLD_OUT, 0);
        }
        else if (units(user, sku) + quantity > perUserLimit)
        {
            answer = new Answer(ResultCode.LIMIT_EXCEEDED, 0);
        }
        else
        {
            final long id = ReservationId.of(shard, nextSequence++);
            holds.put(id, new Hold(sku, user, quantity, now + holdMillis));
            available[sku] -= quantity;
            held[sku] += quantity;
            units.merge(user + "/" + sku, quantity, Integer::sum);
            answer = new Answer(ResultCode.OK, id);
        }
        if (key != null)
        {
            answers.put(user + "|" + key, answer);
        }
        return answer;
    }

    ResultCode confirm(final long id, final String user, final long time)
    {
        advance(time);
        final Hold hold = holds.get(id);
        final ResultCode check = check(hold, user);
        if (check == ResultCode.OK)
        {
            hold.status = ReservationStatus.CONFIRMED;
            held[hold.sku] -= hold.quantity;
            sold[hold.sku] += hold.quantity;
        }
        return check;
    }

    ResultCode cancel(final long id, final String user, final long time)
    {
        advance(time);
        final Hold hold = holds.get(id);
        final ResultCode check = check(hold, user);
        if (check == ResultCode.OK)
        {
            release(hold, ReservationStatus.CANCELLED);
        }
        return check;
    }

    ResultCode expire(final long id, final long time)
    {
        advance(time);
        return holds.containsKey(id) ? ResultCode.OK : ResultCode.NOT_FOUND;
    }

    ResultCode restock(final int sku, final int newStock, final long time)
    {
        advance(time);
        if (newStock < 0)
        {
            return ResultCode.INVALID_REQUEST;
        }
        if (newStock < held[sku] + sold[sku])
        {
            return ResultCode.INVALID_STATE;
        }
        stock[sku] = newStock;
        available[sku] = newStock - held[sku] - sold[sku];
        return ResultCode.OK;
    }

    void close(final int sku, final long time)
    {
        advance(time);
        closed[sku] = true;
    }

    private ResultCode check(final Hold hold, final String user)
    {
        if (hold == null || !hold.user.equals(user))
        {
            return ResultCode.NOT_FOUND;
        }
        return switch (hold.status)
        {
            case HELD -> ResultCode.OK;
            case EXPIRED -> ResultCode.HOLD_EXPIRED;
            default -> ResultCode.INVALID_STATE;
        };
    }

    private void release(final Hold hold, final ReservationStatus status)
    {
        hold.status = status;
        held[hold.sku] -= hold.quantity;
        available[hold.sku] += hold.quantity;
        units.merge(hold.user + "/" + hold.sku, -hold.quantity, Integer::sum);
    }
}
