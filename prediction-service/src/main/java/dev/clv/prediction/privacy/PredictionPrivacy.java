package dev.clv.prediction.privacy;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.clv.contracts.kafka.KafkaConsumers;
import dev.clv.contracts.kafka.KafkaProducers;
import dev.clv.contracts.privacy.PrivacyRequest;
import dev.clv.contracts.privacy.PrivacyWorker;
import dev.clv.contracts.privacy.PrivacyWorker.Outcome;
import io.quarkus.runtime.StartupEvent;

/**
 * The prediction service's part of privacy requests (contracts' {@link PrivacyWorker}, group
 * {@code prediction-privacy}). It stores nothing per customer: scores go to Kafka (analytics and segmentation keep
 * them and erase them), models hold parameters fitted to many customers, training jobs their request, progress and
 * error, and features are asked of analytics for each call, never kept. So every request completes with nothing
 * erased or exported; the orchestrator still hears that this service did its part.
 */
@ApplicationScoped
public class PredictionPrivacy {
    static final String SERVICE = "prediction";
    private PrivacyWorker worker;

    void start(@Observes StartupEvent started, KafkaProducers producers, KafkaConsumers consumers) {
        worker = PrivacyWorker.start(SERVICE, PredictionPrivacy::carryOut, producers, consumers);
    }

    static CompletionStage<Outcome> carryOut(PrivacyRequest request) {
        return PrivacyRequest.TYPES.contains(request.type())
                ? CompletableFuture.completedFuture(Outcome.counts(Map.of()))
                : CompletableFuture.failedFuture(new PrivacyWorker.Refused("unknown request type '" + request.type()
                        + "'"));
    }

    @PreDestroy
    void close() {
        if (worker != null) {
            worker.close();
        }
    }
}
