package io.flashsale.bench.load;

/**
 * One request a scenario wants sent.
 *
 * @param operation the name its latency is recorded under (reads, reserve, confirm ...).
 * @param body      JSON, or null for none.
 * @param user      the X-User-Id header, or null.
 */
public record LoadRequest(String operation, String method, String path, String body, String user)
{
}
