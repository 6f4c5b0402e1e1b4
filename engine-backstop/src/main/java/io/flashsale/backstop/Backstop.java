package io.flashsale.backstop;

import io.flashsale.backstop.export.EventExporter;
import io.flashsale.backstop.persist.EventPersister;
import io.flashsale.backstop.persist.ReservationStore;
import io.flashsale.backstop.sweep.ExpireCommandIntake;
import io.flashsale.backstop.sweep.Sweeper;
import io.flashsale.journal.DataDirectory;
import io.flashsale.journal.JournalSettings;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The backstop's parts that a server runs beside its engine, each on its own thread, none on the
 * engine's path: with Kafka, the event exporter and the intake of expire commands; with Kafka and
 * Postgres, also the persister and the sweeper. Any of them may be down without the engine noticing.
 */
public final class Backstop implements AutoCloseable
{
    private final List<AutoCloseable> parts;
    private final EventExporter exporter;
    private final Sweeper sweeper;

    private Backstop(final List<AutoCloseable> parts, final EventExporter exporter, final Sweeper sweeper)
    {
        this.parts = parts;
        this.exporter = exporter;
        this.sweeper = sweeper;
    }

    public static Backstop start(final BackstopSettings settings, final DataDirectory directory,
        final JournalSettings journalSettings, final ExpireCommandIntake.ExpireTarget engine, final LongSupplier clock,
        final MeterRegistry registry, final Consumer<String> log)
    {
        final List<AutoCloseable> parts = new ArrayList<>();
        EventExporter exporter = null;
        Sweeper sweeper = null;
        try
        {
            exporter = startExporter(settings, directory, journalSettings, engine, registry, log, parts);
            sweeper = startPersistence(settings, clock, registry, log, parts);
        }
        catch (final RuntimeException ex)
        {
            new Backstop(parts, null, null).close(); // e.g. a malformed Postgres URL: stop what already runs
            throw ex;
        }
        return new Backstop(parts, exporter, sweeper);
    }

    private static EventExporter startExporter(final BackstopSettings settings, final DataDirectory directory,
        final JournalSettings journalSettings, final ExpireCommandIntake.ExpireTarget engine, final MeterRegistry registry,
        final Consumer<String> log, final List<AutoCloseable> parts)
    {
        EventExporter exporter = null;
        if (settings.exports())
        {
            exporter = new EventExporter(directory, journalSettings, settings, registry, log).start();
            parts.add(exporter);
            final ExpireCommandIntake intake = new ExpireCommandIntake(settings, engine, registry, log);
            intake.start();
            parts.add(intake);
            log.accept("backstop: hold events to Kafka " + settings.kafkaBootstrap() + " topic " + settings.eventsTopic());
        }
        return exporter;
    }

    private static Sweeper startPersistence(final BackstopSettings settings, final LongSupplier clock,
        final MeterRegistry registry, final Consumer<String> log, final List<AutoCloseable> parts)
    {
        Sweeper sweeper = null;
        if (settings.persists())
        {
            final ReservationStore store = new ReservationStore(settings, "flashsale-backstop");
            parts.add(store);
            final EventPersister persister = new EventPersister(settings, store, registry, log);
            persister.start();
            parts.add(persister);
            sweeper = new Sweeper(settings, store, clock, registry, log).start();
            parts.add(sweeper);
            log.accept("backstop: persister and sweeper on " + settings.jdbcUrl() + " (sweep every " +
                settings.sweepEveryMillis() + " ms, grace " + settings.sweepGraceMillis() + " ms)");
        }
        return sweeper;
    }

    /** Null without Kafka. */
    public EventExporter exporter()
    {
        return exporter;
    }

    /** Null without Postgres. */
    public Sweeper sweeper()
    {
        return sweeper;
    }

    /** Stops the parts, the last started first (the store after the threads that use it). */
    @Override
    public void close()
    {
        for (int i = parts.size() - 1; i >= 0; i--)
        {
            try
            {
                parts.get(i).close();
            }
            catch (final Exception ex)
            {
                // closing: the next part must still close
            }
        }
    }
}
