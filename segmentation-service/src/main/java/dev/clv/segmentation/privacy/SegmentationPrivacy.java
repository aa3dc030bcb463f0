package dev.clv.segmentation.privacy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * The segmentation service's part of privacy requests (contracts' {@link PrivacyWorker}, group
 * {@code segmentation-privacy}): erase ({@link CustomerErasure}), export ({@link CustomerExport}); suppress and
 * unsuppress need nothing here (the ingestion service drops a suppressed customer's rows before anyone reads them).
 */
@ApplicationScoped
public class SegmentationPrivacy {
    static final String SERVICE = "segmentation";
    private final CustomerErasure erasure;
    private final CustomerExport export;
    private PrivacyWorker worker;

    public SegmentationPrivacy(CustomerErasure erasure, CustomerExport export) {
        this.erasure = erasure;
        this.export = export;
    }

    void start(@Observes StartupEvent started, KafkaProducers producers, KafkaConsumers consumers) {
        worker = PrivacyWorker.start(SERVICE, this::carryOut, producers, consumers);
    }

    CompletionStage<Outcome> carryOut(PrivacyRequest request) {
        List<String> customers = request.customerIds() == null
                ? List.of()
                : request.customerIds().stream().filter(Objects::nonNull).toList();
        String type = request.type() == null ? "" : request.type();
        return switch (type) {
            case PrivacyRequest.ERASE -> offTheEventLoop(erasure.erase(request.id(), request.tenantId(), customers)
                    .map(Outcome::counts));
            case PrivacyRequest.EXPORT -> offTheEventLoop(export.export(request.tenantId(), customers)
                    .map(SegmentationPrivacy::exported));
            case PrivacyRequest.SUPPRESS, PrivacyRequest.UNSUPPRESS -> CompletableFuture.completedFuture(
                    Outcome.counts(Map.of()));
            default -> CompletableFuture.failedFuture(new PrivacyWorker.Refused("unknown request type '"
                    + type + "'"));
        };
    }

    // the worker publishes the outcome from the thread that completes it, and a producer's send may block (for
    // metadata): never on the database client's event loop
    private static CompletionStage<Outcome> offTheEventLoop(Uni<Outcome> outcome) {
        return outcome.emitOn(Infrastructure.getDefaultWorkerPool()).subscribeAsCompletionStage();
    }

    // counts: the rows of each section
    private static Outcome exported(Map<String, List<Map<String, Object>>> sections) {
        Map<String, Long> counts = new LinkedHashMap<>();
        sections.forEach((name, rows) -> counts.put(name, (long) rows.size()));
        return new Outcome(counts, sections);
    }

    @PreDestroy
    void close() {
        if (worker != null) {
            worker.close();
        }
    }
}
