package io.flashsale.gateway.engine;

import io.flashsale.gateway.http.Exchange;

/**
 * An edge's way to the engines: a request the gateway has checked (identity, limits, shape) and
 * that only an engine can answer is handed, as it came, to the primary of the group that owns it;
 * the group's answer goes back on the exchange. A node answers such requests itself
 * ({@link #NONE}). Called on event loops: implementations never block.
 */
public interface Forwarder
{
    Forwarder NONE = new Forwarder()
    {
        @Override
        public boolean toOwnerOf(final Exchange exchange, final String sku)
        {
            return false;
        }

        @Override
        public boolean toGroupOf(final Exchange exchange, final String reservationId)
        {
            return false;
        }

        @Override
        public boolean readUnvouched(final Exchange exchange, final String sku)
        {
            return false;
        }
    };

    /** @return true when the request was handed to the SKU's group; false: it is this node's to answer. */
    boolean toOwnerOf(Exchange exchange, String sku);

    /**
     * The group is the one the id's text names; an id that names no group of the cluster is refused
     * here (400 or 404), never sent on.
     *
     * @return true when the request was handed on or refused; false: it is this node's to answer.
     */
    boolean toGroupOf(Exchange exchange, String reservationId);

    /**
     * A read of one SKU's product or availability whose local copy this process cannot vouch for
     * (an edge whose change feed is down): asked of the owning group instead.
     *
     * @return true when the read was handed on; false: the local copy is good, answer from it.
     */
    boolean readUnvouched(Exchange exchange, String sku);
}
