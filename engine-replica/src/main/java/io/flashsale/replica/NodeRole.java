package io.flashsale.replica;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The role a node plays, as an explicit state machine:
 * <pre>
 *   REPLICA --lease taken--> PRIMARY --lease lost--> FENCED
 *      |                        |                       |
 *      +--------close-----------+---------close---------+--> STOPPED
 * </pre>
 * A node started with the lease is PRIMARY from the start. No way leads back: a fenced primary is
 * restarted by its operator (and later rejoins as a replica). Transitions are atomic; listeners run
 * on the thread that made the move, after it.
 */
public final class NodeRole
{
    public enum Role
    {
        REPLICA,
        PRIMARY,
        FENCED,
        STOPPED;

        boolean mayBecome(final Role next)
        {
            return switch (this)
            {
                case REPLICA -> next == PRIMARY || next == STOPPED;
                case PRIMARY -> next == FENCED || next == STOPPED;
                case FENCED -> next == STOPPED;
                case STOPPED -> false;
            };
        }
    }

    private final List<Consumer<Role>> listeners = new ArrayList<>();
    private volatile Role role;

    public NodeRole(final Role initial)
    {
        this.role = initial;
    }

    public Role role()
    {
        return role;
    }

    /** @return false when the node is not in a role that may become {@code next} (the move is not made). */
    public boolean moveTo(final Role next)
    {
        final List<Consumer<Role>> told;
        synchronized (this)
        {
            if (!role.mayBecome(next))
            {
                return false;
            }
            role = next;
            told = List.copyOf(listeners);
        }
        told.forEach(listener -> listener.accept(next));
        return true;
    }

    /** Told of every later move. */
    public synchronized void onChange(final Consumer<Role> listener)
    {
        listeners.add(listener);
    }
}
