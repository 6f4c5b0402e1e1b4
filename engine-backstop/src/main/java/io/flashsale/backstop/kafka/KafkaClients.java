package io.flashsale.backstop.kafka;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** The Kafka clients the backstop uses, configured in one place. Keys and values are strings (SKU, JSON). */
public final class KafkaClients
{
    private KafkaClients()
    {
    }

    /**
     * Idempotent, acks=all: a retried send is written once and per-partition order holds. Sends
     * keep retrying for two minutes (a broker restart), then fail to the caller, which resends.
     */
    public static KafkaProducer<String, String> producer(final String bootstrap, final String clientId)
    {
        final Properties p = common(bootstrap);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return new KafkaProducer<>(p);
    }

    /** Manual commits only, from the earliest record a new group has not seen. */
    public static KafkaConsumer<String, String> consumer(final String bootstrap, final String group, final int maxPollRecords)
    {
        final Properties p = common(bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return new KafkaConsumer<>(p);
    }

    /** What every client shares: where the brokers are, and reconnecting at least once a second while they are away. */
    private static Properties common(final String bootstrap)
    {
        final Properties p = new Properties();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000);
        return p;
    }

    /** Tells the log when a consumer's partitions change hands: a slow group join shows up here. */
    public static ConsumerRebalanceListener loggingRebalances(final String who, final java.util.function.Consumer<String> log)
    {
        return new ConsumerRebalanceListener()
        {
            @Override
            public void onPartitionsRevoked(final Collection<TopicPartition> partitions)
            {
            }

            @Override
            public void onPartitionsAssigned(final Collection<TopicPartition> partitions)
            {
                if (!partitions.isEmpty())
                {
                    log.accept(who + ": partitions " + partitions + " assigned");
                }
            }
        };
    }

    /**
     * Creates the topics that are missing (the replication factor is the cluster's default).
     *
     * @throws IllegalStateException when the cluster does not answer within the timeout.
     */
    public static void ensureTopics(final String bootstrap, final int partitions, final List<String> topics)
    {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000)))
        {
            for (final String topic : topics)
            {
                try
                {
                    admin.createTopics(List.of(new NewTopic(topic, Optional.of(partitions), Optional.empty())))
                        .all().get(15, TimeUnit.SECONDS);
                }
                catch (final ExecutionException ex)
                {
                    if (!(ex.getCause() instanceof TopicExistsException))
                    {
                        throw new IllegalStateException("cannot create topic " + topic + ": " + ex.getCause(), ex);
                    }
                }
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", ex);
        }
        catch (final java.util.concurrent.TimeoutException ex)
        {
            throw new IllegalStateException("Kafka at " + bootstrap + " did not answer", ex);
        }
    }
}
