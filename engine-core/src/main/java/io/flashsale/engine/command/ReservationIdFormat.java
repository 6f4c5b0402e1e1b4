package io.flashsale.engine.command;

/**
 * How a process writes and reads reservation ids. Alone, a node writes {@code "<shard>-<sequence>"}.
 * In a cluster of groups, ids name their group in front ({@code "g1-0-42"}), so an edge routes a
 * confirm, cancel or read by the id alone and two groups' ids never meet in Postgres or Kafka. The
 * engine's own ids (a long) stay the same either way: the group is only in the text.
 *
 * @param group this process's group, or null outside a cluster.
 */
public record ReservationIdFormat(String group)
{
    public static final ReservationIdFormat PLAIN = new ReservationIdFormat(null);

    public String toText(final long reservationId)
    {
        final String plain = ReservationId.toText(reservationId);
        return group == null ? plain : group + '-' + plain;
    }

    /** The id, or {@link ReservationId#INVALID} when the text is not an id of this group. */
    public long parse(final String text)
    {
        if (group == null)
        {
            return ReservationId.parse(text);
        }
        if (text.length() <= group.length() + 1 || !text.startsWith(group) || text.charAt(group.length()) != '-')
        {
            return ReservationId.INVALID;
        }
        return ReservationId.parse(text.subSequence(group.length() + 1, text.length()));
    }

    /** The group an id's text names (what is before its last two dash-separated parts), or null for none. */
    public static String groupOf(final String text)
    {
        final int sequenceDash = text.lastIndexOf('-');
        final int shardDash = sequenceDash <= 0 ? -1 : text.lastIndexOf('-', sequenceDash - 1);
        return shardDash <= 0 ? null : text.substring(0, shardDash);
    }
}
