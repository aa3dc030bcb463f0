package dev.clv.segmentation.announcement;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import dev.clv.contracts.Topics;
import dev.clv.contracts.event.EventJson;
import dev.clv.contracts.event.SegmentMemberships;
import dev.clv.contracts.kafka.KafkaProducers;

/** Sends customers' current segments on {@code segment-memberships.v1}, keyed by tenant and customer. */
@ApplicationScoped
public class AnnouncementPublisher {
    private final KafkaProducer<String, byte[]> producer;

    public AnnouncementPublisher(KafkaProducers producers) {
        this.producer = producers.create("segmentation");
    }

    /**
     * Sends every list; completes once Kafka answered for each, with whether it was acknowledged (in order). It never
     * fails: a list that was not acknowledged is reported false (the relay leaves its row to be claimed again). {@code send} may block while the
     * producer waits for metadata, so call it off the event loop.
     */
    public CompletableFuture<List<Boolean>> send(List<SegmentMemberships> lists) {
        List<CompletableFuture<Boolean>> acks = new ArrayList<>(lists.size());
        for (SegmentMemberships m : lists) {
            CompletableFuture<Boolean> ack = new CompletableFuture<>();
            acks.add(ack);
            try {
                producer.send(new ProducerRecord<>(Topics.SEGMENT_MEMBERSHIPS, Topics.key(m.tenantId(), m
                        .customerId()), EventJson.write(m)), (metadata, error) -> ack.complete(error == null));
            } catch (RuntimeException e) {
                // no metadata within max.block.ms, or the producer closing: this list is not sent
                ack.complete(false);
            }
        }
        return CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                .thenApply(v -> acks.stream().map(CompletableFuture::join).toList());
    }

    @PreDestroy
    void close() {
        producer.close();
    }
}
