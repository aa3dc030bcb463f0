package dev.clv.ingestion.stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import dev.clv.contracts.CustomerKey;
import dev.clv.contracts.Topics;
import dev.clv.contracts.event.EventJson;
import dev.clv.contracts.kafka.ConsumerSettings;
import dev.clv.contracts.kafka.KafkaSecurity;
import dev.clv.contracts.privacy.PrivacyRequest;
import dev.clv.ingestion.config.IngestionConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;

/**
 * The live stream's reader: every replica reads all of {@code events.v1} for itself (its clients are connected to
 * it, the events were accepted by any replica) with a plain consumer, assigned every partition, in no consumer
 * group and committing nothing. At start it reads from {@code buffer-age} before the process started, so a new
 * replica holds what a client that resumes on it may have missed; new streams are refused (503) until it has read
 * what the topics held when it found them. It polls on its own thread with a short timeout, so an event reaches
 * the streams well under a second after Kafka took it.
 * <p>
 * It also reads {@code privacy-requests.v1}: an erase or a suppression drops the customers' buffered events on
 * every replica, not only on the one whose privacy worker carries out the request.
 */
@ApplicationScoped
public class StreamConsumer {
    static final List<String> TOPICS = List.of(Topics.EVENTS, Topics.PRIVACY_REQUESTS);
    private static final Logger LOG = Logger.getLogger(StreamConsumer.class);
    private static final Duration ASK = Duration.ofSeconds(5);
    private final EventStreams streams;
    private final ConsumerSettings settings;
    private final KafkaSecurity security;
    private final IngestionConfig.Stream config;
    private final MeterRegistry registry;
    private final long startedAt = System.currentTimeMillis();
    /** Where each partition is read up to, kept across a restart of the consumer (its thread only). */
    private final Map<TopicPartition, Long> readUpTo = new HashMap<>();
    private volatile boolean closed;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    public StreamConsumer(EventStreams streams, ConsumerSettings settings, KafkaSecurity security,
            IngestionConfig ingestion, MeterRegistry registry) {
        this.streams = streams;
        this.settings = settings;
        this.security = security;
        this.config = ingestion.stream();
        this.registry = registry;
    }

    void start(@Observes StartupEvent started) {
        thread = new Thread(this::run, "kafka-ingestion-stream");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        long backoff = settings.restartBackoff().toMillis();
        while (!closed) {
            try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(properties(), new StringDeserializer(),
                    new ByteArrayDeserializer())) {
                consumer = c;
                if (!closed) {
                    read(c);
                }
            } catch (WakeupException | InterruptException e) {
                if (!closed) {
                    LOG.warnf("The live stream's consumer was interrupted; starting it again");
                }
            } catch (RuntimeException e) {
                if (closed) {
                    break;
                }
                LOG.warnf("The live stream's consumer failed (%s: %s); starting it again in %d ms where it was",
                        e.getClass().getSimpleName(), e.getMessage(), backoff);
                sleep(backoff);
                backoff = Math.min(backoff * 2, settings.restartBackoffMax().toMillis());
            } finally {
                consumer = null;
            }
        }
    }

    private void read(KafkaConsumer<String, byte[]> c) {
        Map<TopicPartition, Long> readyAt = new HashMap<>();
        long discoverAt = 0;
        while (!closed) {
            if (System.currentTimeMillis() >= discoverAt) {
                boolean all = discover(c, readyAt);
                // a topic that does not exist yet is looked for every second, new partitions twice a minute
                discoverAt = System.currentTimeMillis() + (all ? 30_000 : 1_000);
            }
            if (c.assignment().isEmpty()) {
                sleep(config.pollTimeout().toMillis());
            } else {
                for (ConsumerRecord<String, byte[]> r : c.poll(config.pollTimeout())) {
                    if (Topics.EVENTS.equals(r.topic())) {
                        event(r);
                    } else {
                        privacy(r);
                    }
                }
                for (TopicPartition tp : c.assignment()) {
                    long next = c.position(tp, ASK);
                    readUpTo.put(tp, next);
                    if (Topics.EVENTS.equals(tp.topic())) {
                        streams.advance(tp.partition(), next);
                    }
                }
            }
            if (!streams.ready() && readyAt.entrySet().stream()
                    .allMatch(e -> readUpTo.getOrDefault(e.getKey(), 0L) >= e.getValue())) {
                streams.markReady();
            }
        }
    }

    /** Assigns partitions not read yet; true once every topic has partitions. */
    private boolean discover(KafkaConsumer<String, byte[]> c, Map<TopicPartition, Long> readyAt) {
        Set<TopicPartition> assigned = new HashSet<>(c.assignment());
        List<TopicPartition> fresh = new ArrayList<>();
        boolean all = true;
        for (String topic : TOPICS) {
            List<PartitionInfo> partitions = c.partitionsFor(topic, ASK);
            all &= partitions != null && !partitions.isEmpty();
            for (PartitionInfo info : partitions == null ? List.<PartitionInfo>of() : partitions) {
                TopicPartition tp = new TopicPartition(info.topic(), info.partition());
                if (!assigned.contains(tp)) {
                    fresh.add(tp);
                }
            }
        }
        if (fresh.isEmpty()) {
            return all;
        }
        // assigned first: Kafka's answers about offsets are for partitions the consumer holds
        assigned.addAll(fresh);
        c.assign(assigned);
        Map<TopicPartition, Long> start = new HashMap<>();
        Map<TopicPartition, Long> since = new HashMap<>();
        for (TopicPartition tp : fresh) {
            Long known = readUpTo.get(tp);
            if (known == null && Topics.EVENTS.equals(tp.topic()) && streams.position(tp.partition()) >= 0) {
                known = streams.position(tp.partition());
            }
            if (known != null) {
                start.put(tp, known);
            } else {
                since.put(tp, startedAt - config.bufferAge().toMillis());
            }
        }
        if (!since.isEmpty()) {
            Map<TopicPartition, OffsetAndTimestamp> byTime = c.offsetsForTimes(since, ASK);
            Map<TopicPartition, Long> ends = c.endOffsets(since.keySet(), ASK);
            for (TopicPartition tp : since.keySet()) {
                OffsetAndTimestamp at = byTime.get(tp);
                start.put(tp, at != null ? at.offset() : ends.get(tp));
            }
        }
        if (!streams.ready()) {
            readyAt.putAll(c.endOffsets(fresh, ASK));
        }
        Map<Integer, Long> events = new HashMap<>();
        for (TopicPartition tp : fresh) {
            c.seek(tp, start.get(tp));
            readUpTo.put(tp, start.get(tp));
            if (Topics.EVENTS.equals(tp.topic())) {
                events.put(tp.partition(), start.get(tp));
            }
        }
        streams.partitionsFound(events);
        LOG.debugf("The live stream reads %s", start);
        return all;
    }

    private void event(ConsumerRecord<String, byte[]> r) {
        CustomerKey key;
        try {
            key = CustomerKey.parse(r.key());
        } catch (IllegalArgumentException e) {
            skip(r, "no_customer_key");
            return;
        }
        if (r.timestamp() < streams.oldest()) {
            skip(r, "too_old");
            return;
        }
        streams.append(key.tenant(), key.customerId(), r.partition(), r.offset(), r.timestamp(), r.value());
    }

    private void privacy(ConsumerRecord<String, byte[]> r) {
        PrivacyRequest request;
        try {
            request = r.value() == null ? null : EventJson.read(r.value(), PrivacyRequest.class);
        } catch (RuntimeException e) {
            request = null;
        }
        if (request == null || request.tenantId() == null || !request.tenantId().equals(r.key())
                || request.customerIds() == null) {
            return;
        }
        if (PrivacyRequest.ERASE.equals(request.type()) || PrivacyRequest.SUPPRESS.equals(request.type())) {
            long at = Math.max(r.timestamp(), request.requestedAt() == null
                    ? 0
                    : request.requestedAt()
                            .toEpochMilli());
            int gone = streams.forget(request.tenantId(), request.customerIds().stream().filter(Objects::nonNull)
                    .toList(), at);
            LOG.debugf("A %s request of tenant %s dropped %d buffered events", request.type(), request.tenantId(),
                    gone);
        }
    }

    private void skip(ConsumerRecord<String, byte[]> r, String reason) {
        streams.advance(r.partition(), r.offset() + 1);
        registry.counter("ingestion.stream.records_skipped", "reason", reason).increment();
    }

    private Map<String, Object> properties() {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "ingestion-stream-" + UUID.randomUUID().toString().substring(0, 8));
        // no group: nothing is committed, every replica reads everything
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // a position Kafka no longer holds (retention) continues with what it still holds
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000);
        props.putAll(security.properties());
        props.putAll(settings.extra());
        return props;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @PreDestroy
    void stop() {
        closed = true;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
