package dev.clv.segmentation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;

import dev.clv.contracts.Topics;
import dev.clv.contracts.event.EventJson;
import dev.clv.contracts.event.SegmentMemberships;
import dev.clv.testsupport.KafkaResource;

/** Reads segment-memberships.v1 back from the test broker, from its beginning: what analytics would consume. */
final class MembershipRecords implements AutoCloseable {
    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<String, List<SegmentMemberships>> byKey = new HashMap<>();

    MembershipRecords() {
        consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", KafkaResource.bootstrapServers(),
                "enable.auto.commit", "false"), new StringDeserializer(), new ByteArrayDeserializer());
        // the metadata request creates the topic if nobody produced to it yet (the test broker auto-creates topics)
        List<TopicPartition> partitions = Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> consumer
                .partitionsFor(Topics.SEGMENT_MEMBERSHIPS, Duration.ofSeconds(5)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList(), p -> !p.isEmpty());
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Every record of the customer so far, in the order of their partition. */
    synchronized List<SegmentMemberships> of(String tenant, String customer) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
            byKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(EventJson.read(r.value(),
                    SegmentMemberships.class));
        }
        return List.copyOf(byKey.getOrDefault(Topics.key(tenant, customer), List.of()));
    }

    /** The segment ids of the customer's newest record, or null before the first. */
    List<String> latest(String tenant, String customer) {
        List<SegmentMemberships> all = of(tenant, customer);
        return all.isEmpty() ? null : all.get(all.size() - 1).segmentIds();
    }

    @Override
    public synchronized void close() {
        consumer.close();
    }
}
