package dev.clv.analytics.projection.privacy;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.clv.analytics.shared.AnalyticsRoles;
import dev.clv.contracts.kafka.KafkaConsumers;
import dev.clv.contracts.kafka.KafkaProducers;
import dev.clv.contracts.privacy.PrivacyRequest;
import dev.clv.contracts.privacy.PrivacyWorker;
import dev.clv.contracts.privacy.PrivacyWorker.Outcome;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;

/**
 * The analytics part of privacy requests (group {@code analytics-privacy}), run with the projection role, which owns
 * the rows: erase ({@link CustomerErasure}), export ({@link CustomerExport}); suppress and unsuppress concern only
 * the write API, so they are acknowledged with no counts.
 */
@ApplicationScoped
public class AnalyticsPrivacy {
    static final String SERVICE = "analytics";
    private static final Logger LOG = Logger.getLogger(AnalyticsPrivacy.class);
    private final CustomerErasure erasure;
    private final CustomerExport export;
    private volatile PrivacyWorker worker;

    public AnalyticsPrivacy(CustomerErasure erasure, CustomerExport export) {
        this.erasure = erasure;
        this.export = export;
    }

    void start(@Observes StartupEvent started, AnalyticsRoles roles, KafkaProducers producers,
            KafkaConsumers consumers) {
        if (roles.projection()) {
            worker = PrivacyWorker.start(SERVICE, this::carryOut, producers, consumers);
        }
    }

    void stop(@Observes ShutdownEvent stopped) {
        if (worker != null) {
            worker.close();
        }
    }

    CompletionStage<Outcome> carryOut(PrivacyRequest request) {
        List<String> customers = request.customerIds() == null
                ? List.of()
                : request.customerIds().stream().filter(Objects::nonNull).toList();
        Uni<Outcome> outcome = switch (String.valueOf(request.type())) {
            case PrivacyRequest.ERASE -> customers.isEmpty()
                    ? Uni.createFrom().item(Outcome.counts(Map.of()))
                    : erasure.erase(request.id(), request.tenantId(), customers).map(Outcome::counts);
            case PrivacyRequest.EXPORT -> export.export(request.tenantId(), customers).map(sections -> new Outcome(
                    Map.of("exported_rows", sections.values().stream().mapToLong(List::size).sum()), sections));
            case PrivacyRequest.SUPPRESS, PrivacyRequest.UNSUPPRESS -> Uni.createFrom().item(Outcome.counts(Map.of()));
            default -> Uni.createFrom().failure(new PrivacyWorker.Refused("unknown request type " + request.type()));
        };
        return outcome.invoke(o -> LOG.infof("Privacy request %s (%s) of tenant %s carried out: %s", request.id(),
                request.type(), request.tenantId(), o.counts())).subscribeAsCompletionStage();
    }
}
