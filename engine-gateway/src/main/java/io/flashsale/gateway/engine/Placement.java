package io.flashsale.gateway.engine;

import io.flashsale.engine.command.ReservationIdFormat;

/**
 * Where SKUs and reservations live, seen from this node: alone, everything is here; in a cluster,
 * a SKU of another group is refused 421 MISDIRECTED with its owner's address (never quietly
 * defined here too, which would sell its units twice), and reservation ids carry this group's name.
 */
public interface Placement
{
    Placement ALONE = new Placement()
    {
        @Override
        public ReservationIdFormat reservationIds()
        {
            return ReservationIdFormat.PLAIN;
        }

        @Override
        public String ownerElsewhere(final String sku)
        {
            return null;
        }
    };

    ReservationIdFormat reservationIds();

    /** The HTTP base of the group that owns this SKU when that is another group, else null. */
    String ownerElsewhere(String sku);

    /**
     * A node of a cluster is reached through edges: an anonymous caller's read budget is keyed by
     * the address the edge forwards ({@code X-Forwarded-For}), else every shopper behind one edge
     * would share one budget. Writes are keyed by identity either way.
     */
    default boolean behindEdges()
    {
        return false;
    }
}
