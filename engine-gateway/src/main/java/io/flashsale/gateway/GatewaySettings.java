package io.flashsale.gateway;

/**
 * What the HTTP side is started with (shared/API.md "Starting a server"): where it listens, who may
 * call, and how much.
 *
 * @param readsPerSecond        per caller (identity, else client address): the refill rate of the read bucket.
 * @param readBurst             per caller: the read bucket's capacity.
 * @param writesPerSecond       per caller: the refill rate of the write bucket.
 * @param writeBurst            per caller: the write bucket's capacity.
 * @param globalReadsPerSecond  the whole gateway's read budget.
 * @param globalWritesPerSecond the whole gateway's write budget.
 * @param requestTimeoutMillis  a request's bytes, once started, must all arrive within this (else 408).
 * @param idleTimeoutMillis     a connection with nothing in flight is closed after this.
 */
public record GatewaySettings(
    String host,
    int port,
    String adminToken,
    AuthMode authMode,
    String jwtSecret,
    long readsPerSecond,
    long readBurst,
    long writesPerSecond,
    long writeBurst,
    long globalReadsPerSecond,
    long globalWritesPerSecond,
    long requestTimeoutMillis,
    long idleTimeoutMillis,
    int eventLoops)
{
    public enum AuthMode
    {
        DEV,
        JWT
    }

    /** The same, listening on another address (a promoted replica keeps the one it served on). */
    public GatewaySettings listeningOn(final String newHost, final int newPort)
    {
        return new GatewaySettings(newHost, newPort, adminToken, authMode, jwtSecret, readsPerSecond, readBurst,
            writesPerSecond, writeBurst, globalReadsPerSecond, globalWritesPerSecond, requestTimeoutMillis, idleTimeoutMillis,
            eventLoops);
    }
}
