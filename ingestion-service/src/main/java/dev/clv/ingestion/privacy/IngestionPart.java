package dev.clv.ingestion.privacy;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.clv.contracts.kafka.KafkaConsumers;
import dev.clv.contracts.kafka.KafkaProducers;
import dev.clv.contracts.privacy.PrivacyRequest;
import dev.clv.contracts.privacy.PrivacyWorker;
import dev.clv.ingestion.CustomerHash;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;

/**
 * Ingestion's part of every privacy request (group {@code ingestion-privacy}): erase the customers' quarantined
 * rows and dead letters, export them, or suppress and unsuppress the customers at the door. Idempotent: an export
 * is read again, anything else answers what it did the first time.
 */
@ApplicationScoped
public class IngestionPart implements PrivacyWorker.Part {
    static final String SERVICE = "ingestion";
    private final PartRepository parts;
    private final ExportRows exports;
    private final Suppressions suppressions;
    private PrivacyWorker worker;

    public IngestionPart(PartRepository parts, ExportRows exports, Suppressions suppressions) {
        this.parts = parts;
        this.exports = exports;
        this.suppressions = suppressions;
    }

    void start(@Observes StartupEvent started, KafkaProducers producers, KafkaConsumers consumers) {
        worker = PrivacyWorker.start(SERVICE, this, producers, consumers);
    }

    @Override
    public CompletionStage<PrivacyWorker.Outcome> carryOut(PrivacyRequest request) {
        String tenant = request.tenantId();
        List<String> ids = request.customerIds() == null
                ? List.of()
                : request.customerIds().stream().filter(Objects::nonNull).distinct().toList();
        List<String> hashes = ids.stream().map(id -> CustomerHash.of(tenant, id)).toList();
        Uni<PrivacyWorker.Outcome> done = switch (String.valueOf(request.type())) {
            case PrivacyRequest.ERASE -> parts.erase(request.id(), tenant, ids, hashes)
                    .map(PrivacyWorker.Outcome::counts);
            case PrivacyRequest.EXPORT -> exports.export(tenant, ids);
            // forgotten once committed: from then on every write of this process asks the database
            case PrivacyRequest.SUPPRESS -> parts.suppress(request.id(), tenant, hashes)
                    .invoke(() -> suppressions.changed(tenant)).map(PrivacyWorker.Outcome::counts);
            case PrivacyRequest.UNSUPPRESS -> parts.unsuppress(request.id(), tenant, hashes)
                    .map(PrivacyWorker.Outcome::counts);
            default -> Uni.createFrom().failure(new PrivacyWorker.Refused("Ingestion does not know the request "
                    + "type '" + request.type() + "'."));
        };
        return done.subscribeAsCompletionStage();
    }

    @PreDestroy
    void stop() {
        if (worker != null) {
            worker.close();
        }
    }
}
