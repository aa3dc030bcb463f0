package dev.clv.contracts.privacy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

import dev.clv.contracts.Topics;
import dev.clv.contracts.event.EventJson;
import dev.clv.contracts.kafka.BatchConsumer;
import dev.clv.contracts.kafka.KafkaConsumers;
import dev.clv.contracts.kafka.KafkaProducers;

/**
 * Carries out one service's part of the privacy requests: reads {@code privacy-requests.v1} in a group of its own,
 * hands each request to the service's {@link Part} and publishes the outcome on {@code privacy-results.v1}. The
 * tenant is the record key's; a request naming another is skipped. A part that cannot be done (a
 * {@link Refused}) is reported failed at once; any other failure fails the batch, and the consumer starts again from
 * its committed offsets, so a service killed mid-request carries it out when it is back (a part is idempotent).
 */
public final class PrivacyWorker implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(PrivacyWorker.class);

    /** A service's share of the work; it must be idempotent: a request it already did answers what it did then. */
    @FunctionalInterface
    public interface Part {
        CompletionStage<Outcome> carryOut(PrivacyRequest request);
    }

    /**
     * What a part did: counts (rows erased per table...) and, for an export, the sections of rows it holds about
     * the customers (each row naming its {@code customer_id}); the worker publishes them in bounded chunks.
     */
    public record Outcome(Map<String, Long> counts, Map<String, List<Map<String, Object>>> export) {
        public static Outcome counts(Map<String, Long> counts) {
            return new Outcome(counts, Map.of());
        }
    }

    /** A request this service will never be able to carry out, with the reason for its requester. */
    public static final class Refused extends RuntimeException {
        public Refused(String reason) {
            super(reason, null, false, false);
        }
    }

    private final String service;
    private final Part part;
    private final KafkaProducer<String, byte[]> producer;
    private final BatchConsumer consumer;

    private PrivacyWorker(String service, Part part, KafkaProducers producers, KafkaConsumers consumers) {
        this.service = service;
        this.part = part;
        this.producer = producers.create(service + "-privacy");
        this.consumer = consumers.start(new BatchConsumer.Options(service + "-privacy", service + "-privacy",
                List.of(Topics.PRIVACY_REQUESTS), 1, 50), this::handle);
    }

    /** Starts the worker of {@code service} (e.g. "analytics"); it runs until the consumers stop. */
    public static PrivacyWorker start(String service, Part part, KafkaProducers producers,
            KafkaConsumers consumers) {
        return new PrivacyWorker(service, part, producers, consumers);
    }

    private CompletionStage<Void> handle(ConsumerRecords<String, byte[]> batch) {
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (ConsumerRecord<String, byte[]> r : batch) {
            chain = chain.thenCompose(done -> one(r));
        }
        return chain;
    }

    // one after another: requests of one tenant keep their order (erase, then suppress, then unsuppress...)
    private CompletionStage<Void> one(ConsumerRecord<String, byte[]> r) {
        PrivacyRequest request;
        try {
            request = EventJson.read(r.value(), PrivacyRequest.class);
        } catch (RuntimeException e) {
            LOG.warnf("Skipping an unreadable privacy request at %d@%d", r.partition(), r.offset());
            return CompletableFuture.completedFuture(null);
        }
        if (request.id() == null || request.tenantId() == null || !request.tenantId().equals(r.key())) {
            LOG.warnf("Skipping a privacy request whose tenant differs from its key at %d@%d", r.partition(),
                    r.offset());
            return CompletableFuture.completedFuture(null);
        }
        return part.carryOut(request).thenComposeAsync(outcome -> exported(request, outcome))
                .exceptionallyCompose(e -> {
                    Throwable cause = e instanceof CompletionException && e.getCause() != null
                            ? e.getCause()
                            : e;
                    return cause instanceof Refused
                            ? CompletableFuture.completedFuture(result(request, PrivacyResult.FAILED,
                                    cause.getMessage(), Map.of()))
                            : CompletableFuture.failedFuture(cause);
                }).thenComposeAsync(this::publish);
    }

    // the parts first, then the result that counts them: the orchestrator knows when it has them all
    private CompletionStage<PrivacyResult> exported(PrivacyRequest request, Outcome outcome) {
        List<PrivacyExportPart> parts = ExportChunks.split(request, service, outcome.export());
        CompletableFuture<?>[] sent = parts.stream()
                .map(p -> send(Topics.PRIVACY_EXPORTS, p.tenantId(), EventJson.write(p)).toCompletableFuture())
                .toArray(CompletableFuture[]::new);
        Map<String, Long> counts = new java.util.TreeMap<>(outcome.counts());
        counts.put("export_parts", (long) parts.size());
        return CompletableFuture.allOf(sent)
                .thenApply(done -> result(request, PrivacyResult.COMPLETED, null, counts));
    }

    private PrivacyResult result(PrivacyRequest request, String status, String detail, Map<String, Long> counts) {
        return new PrivacyResult(request.id(), request.tenantId(), service, status, detail, counts, Instant.now());
    }

    private CompletionStage<Void> publish(PrivacyResult result) {
        return send(Topics.PRIVACY_RESULTS, result.tenantId(), EventJson.write(result));
    }

    private CompletionStage<Void> send(String topic, String key, byte[] value) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        // completed off the producer's I/O thread: what follows sends again, and a send waiting there for a new
        // topic's metadata would block the very thread that fetches it
        producer.send(new ProducerRecord<>(topic, key, value),
                (metadata, error) -> CompletableFuture.runAsync(() -> {
                    if (error == null) {
                        acked.complete(null);
                    } else {
                        acked.completeExceptionally(error);
                    }
                }));
        return acked;
    }

    @Override
    public void close() {
        consumer.close();
        producer.close();
    }
}
