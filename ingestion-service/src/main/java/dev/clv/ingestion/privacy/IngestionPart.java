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
import dev.clv.contracts.privacy.CustomerHash;
import dev.clv.ingestion.stream.EventStreams;
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
    private final EventStreams streams;
    private PrivacyWorker worker;

    public IngestionPart(PartRepository parts, ExportRows exports, Suppressions suppressions, EventStreams streams) {
        this.parts = parts;
        this.exports = exports;
        this.suppressions = suppressions;
        this.streams = streams;
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
        long requestedAt = request.requestedAt() == null ? 0 : request.requestedAt().toEpochMilli();
        Uni<PrivacyWorker.Outcome> done = switch (String.valueOf(request.type())) {
            // the live stream's buffer lets go of their events too: every replica's stream consumer does it when it
            // reads the request, this replica's at the latest here (as of the request, so a redelivery drops nothing
            // sent after it)
            case PrivacyRequest.ERASE -> parts.erase(request.id(), tenant, ids, hashes)
                    .invoke(() -> streams.forget(tenant, ids, requestedAt))
                    .map(PrivacyWorker.Outcome::counts);
            case PrivacyRequest.EXPORT -> exports.export(tenant, ids);
            // forgotten once committed: from then on every write of this process asks the database
            case PrivacyRequest.SUPPRESS -> parts.suppress(request.id(), tenant, hashes)
                    .invoke(() -> suppressions.changed(tenant))
                    .invoke(() -> streams.forget(tenant, ids, requestedAt))
                    .map(PrivacyWorker.Outcome::counts);
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
