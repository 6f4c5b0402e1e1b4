package io.flashsale.backstop.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * A consumer-group member on a thread of its own: subscribes, polls, hands each non-empty batch
 * to {@link #handle}, and stops on {@link #close()} by waking the consumer out of its poll. The
 * subclass decides what is done and when offsets are committed.
 */
public abstract class ConsumerLoop implements AutoCloseable
{
    private final String bootstrap;
    private final String group;
    private final String topic;
    private final int maxPollRecords;
    private final Thread thread;
    protected final Consumer<String> log;
    private volatile boolean running = true;
    private volatile KafkaConsumer<String, String> consumer;

    protected ConsumerLoop(final String name, final String bootstrap, final String group, final String topic,
        final int maxPollRecords, final Consumer<String> log)
    {
        this.bootstrap = bootstrap;
        this.group = group;
        this.topic = topic;
        this.maxPollRecords = maxPollRecords;
        this.log = log;
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
    }

    /** Called once on the loop's thread before it subscribes (the persister migrates the schema here). */
    protected void beforeSubscribing()
    {
    }

    /** One batch, on the loop's thread. */
    protected abstract void handle(KafkaConsumer<String, String> kafka, ConsumerRecords<String, String> records);

    protected final boolean running()
    {
        return running;
    }

    public final void start()
    {
        thread.start();
    }

    private void run()
    {
        beforeSubscribing();
        try (KafkaConsumer<String, String> kafka = KafkaClients.consumer(bootstrap, group, maxPollRecords))
        {
            consumer = kafka;
            kafka.subscribe(List.of(topic), KafkaClients.loggingRebalances(thread.getName(), log));
            while (running)
            {
                final ConsumerRecords<String, String> records = kafka.poll(Duration.ofMillis(200));
                if (!records.isEmpty())
                {
                    try
                    {
                        handle(kafka, records);
                    }
                    catch (final WakeupException ex)
                    {
                        throw ex;
                    }
                    catch (final RuntimeException ex)
                    {
                        // e.g. a commit refused after a rebalance: the uncommitted records come again
                        log.accept(thread.getName() + ": batch of " + records.count() + " not finished (" + ex + ")");
                    }
                }
            }
        }
        catch (final WakeupException ex)
        {
            // closing
        }
        catch (final RuntimeException ex)
        {
            log.accept(thread.getName() + " stopped: " + ex);
        }
    }

    @Override
    public void close()
    {
        running = false;
        final KafkaConsumer<String, String> current = consumer;
        if (current != null)
        {
            current.wakeup();
        }
        try
        {
            thread.join(10_000);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
