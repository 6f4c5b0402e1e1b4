package io.flashsale.backstop;

import io.flashsale.engine.command.ReservationIdFormat;

/**
 * Where the backstop's parts connect and how often the sweeper looks.
 *
 * @param kafkaBootstrap   Kafka brokers; null: no export, no command intake.
 * @param eventsTopic      hold events, key = SKU (shared/API.md: flashsale.events).
 * @param commandsTopic    the sweeper's expire commands, key = SKU (flashsale.commands).
 * @param topicPartitions  partitions for topics the exporter creates.
 * @param pgUrl            Postgres JDBC URL; null: no persister, no sweeper.
 * @param sweepEveryMillis time between sweeps.
 * @param sweepGraceMillis a hold is the sweeper's only when it is this far past its expiresAt: the
 *                         engine's own layers (and the export to Postgres) get that long first.
 */
public record BackstopSettings(
    String kafkaBootstrap,
    String eventsTopic,
    String commandsTopic,
    int topicPartitions,
    String pgUrl,
    String pgUser,
    String pgPassword,
    long sweepEveryMillis,
    long sweepGraceMillis,
    ReservationIdFormat reservationIds)
{
    /** A node alone: reservation ids without a group. */
    public BackstopSettings(final String kafkaBootstrap, final String eventsTopic, final String commandsTopic,
        final int topicPartitions, final String pgUrl, final String pgUser, final String pgPassword,
        final long sweepEveryMillis, final long sweepGraceMillis)
    {
        this(kafkaBootstrap, eventsTopic, commandsTopic, topicPartitions, pgUrl, pgUser, pgPassword, sweepEveryMillis,
            sweepGraceMillis, ReservationIdFormat.PLAIN);
    }

    public static final String EVENTS_TOPIC = "flashsale.events";
    public static final String COMMANDS_TOPIC = "flashsale.commands";

    public boolean exports()
    {
        return kafkaBootstrap != null;
    }

    /** Persister and sweeper need both: events come from Kafka, expire commands go back through it. */
    public boolean persists()
    {
        return kafkaBootstrap != null && pgUrl != null;
    }

    /** The JDBC form of {@link #pgUrl}: {@code postgresql://host/db} is accepted too. */
    public String jdbcUrl()
    {
        return pgUrl.startsWith("jdbc:") ? pgUrl : "jdbc:" + pgUrl.replaceFirst("^postgres(ql)?://", "postgresql://");
    }

    public String persisterGroup()
    {
        return eventsTopic + ".persister";
    }

    public String engineGroup()
    {
        // every group reads the whole topic and takes its own ids: one consumer group each
        return commandsTopic + ".engine" + (reservationIds.group() == null ? "" : "." + reservationIds.group());
    }
}
