package dev.clv.prediction.scoring;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import dev.clv.contracts.Topics;
import dev.clv.contracts.event.CustomerScore;
import dev.clv.contracts.event.EventJson;
import dev.clv.contracts.event.ModelTrained;
import dev.clv.contracts.kafka.KafkaProducers;

/**
 * Publishes scores on {@code customer-scores.v1}, keyed by tenant and customer like every topic, and trained models
 * on {@code model-events.v1}, and waits for every acknowledgement: a scoring run that reports success has delivered
 * all of its scores.
 */
@ApplicationScoped
public class ScorePublisher {
    private final KafkaProducer<String, byte[]> producer;

    public ScorePublisher(KafkaProducers producers) {
        this.producer = producers.create("prediction");
    }

    /** Publishes one score per prediction; returns once Kafka acknowledged every one of them. */
    public void publish(String tenant, List<Prediction> predictions, int horizonMonths) {
        Instant now = Instant.now();
        List<CompletableFuture<Void>> acks = new ArrayList<>(predictions.size());
        for (Prediction p : predictions) {
            CustomerScore score = new CustomerScore(tenant, p.customerId(), p.modelId().toString(), p.modelVersion(),
                    BigDecimal.valueOf(p.clv()).setScale(2, RoundingMode.HALF_EVEN), p.pAlive(),
                    p.expectedPurchases(), horizonMonths, now);
            CompletableFuture<Void> ack = new CompletableFuture<>();
            acks.add(ack);
            producer.send(new ProducerRecord<>(Topics.SCORES, Topics.key(tenant, p.customerId()),
                    EventJson.write(score)), (metadata, error) -> {
                        if (error == null) {
                            ack.complete(null);
                        } else {
                            ack.completeExceptionally(error);
                        }
                    });
        }
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).join();
    }

    /** Announces a trained model; returns once Kafka acknowledged it. */
    public void trained(ModelTrained event) {
        try {
            producer.send(new ProducerRecord<>(Topics.MODEL_EVENTS, event.tenantId(), EventJson.write(event)))
                    .get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted before Kafka acknowledged", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("not acknowledged by Kafka: " + e.getMessage(), e);
        }
    }

    @PreDestroy
    void close() {
        producer.close();
    }
}
