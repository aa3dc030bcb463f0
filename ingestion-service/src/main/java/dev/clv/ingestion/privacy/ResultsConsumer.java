package dev.clv.ingestion.privacy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.jboss.logging.Logger;

import dev.clv.contracts.Topics;
import dev.clv.contracts.event.EventJson;
import dev.clv.contracts.kafka.BatchConsumer;
import dev.clv.contracts.kafka.KafkaConsumers;
import dev.clv.contracts.privacy.PrivacyExportPart;
import dev.clv.contracts.privacy.PrivacyResult;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;

/**
 * Gathers the services' outcomes ({@code privacy-results.v1}) and export parts ({@code privacy-exports.v1}) in the
 * group {@code ingestion-privacy-results}. A record is taken for the tenant of its key, which it must name; one
 * that cannot be read is skipped, and one the database refuses is skipped alone, so neither stops the others.
 */
@ApplicationScoped
public class ResultsConsumer {
    static final String GROUP = "ingestion-privacy-results";
    private static final Logger LOG = Logger.getLogger(ResultsConsumer.class);
    private static final Pattern SERVICE = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private final ResultStore store;

    public ResultsConsumer(ResultStore store) {
        this.store = store;
    }

    void start(@Observes StartupEvent started, KafkaConsumers consumers) {
        // parts are up to 256 KiB each: a small batch bounds what one poll holds
        consumers.start(new BatchConsumer.Options(GROUP, GROUP, List.of(Topics.PRIVACY_RESULTS,
                Topics.PRIVACY_EXPORTS), 1, 50), this::take);
    }

    CompletionStage<Void> take(ConsumerRecords<String, byte[]> batch) {
        List<PrivacyResult> results = new ArrayList<>();
        List<PrivacyExportPart> parts = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : batch) {
            try {
                if (Topics.PRIVACY_RESULTS.equals(r.topic())) {
                    PrivacyResult result = result(r);
                    if (result != null) {
                        results.add(result);
                    }
                } else {
                    PrivacyExportPart part = part(r);
                    if (part != null) {
                        parts.add(part);
                    }
                }
            } catch (RuntimeException e) {
                LOG.warnf("Skipping an unreadable record of %s at %d@%d", r.topic(), r.partition(), r.offset());
            }
        }
        return store.store(results, parts).onFailure(ResultsConsumer::refused)
                .recoverWithUni(e -> eachAlone(results, parts)).subscribeAsCompletionStage();
    }

    private Uni<Void> eachAlone(List<PrivacyResult> results, List<PrivacyExportPart> parts) {
        List<Uni<Void>> each = new ArrayList<>();
        results.forEach(r -> each.add(alone(store.store(List.of(r), List.of()), r.requestId() + "/" + r.service())));
        parts.forEach(p -> each.add(alone(store.store(List.of(), List.of(p)), p.requestId() + "/" + p.service()
                + "#" + p.seq())));
        return Multi.createFrom().iterable(each).onItem().transformToUniAndConcatenate(u -> u).collect().last()
                .replaceWithVoid();
    }

    private static Uni<Void> alone(Uni<Void> stored, String what) {
        return stored.onFailure(ResultsConsumer::refused).recoverWithItem(e -> {
            LOG.warnf("A privacy record %s cannot be stored (%s) and was skipped", what, e.getMessage());
            return null;
        });
    }

    /** A record the database refuses for what it holds (SQLSTATE classes 22, 23, 54), as opposed to an outage. */
    private static boolean refused(Throwable e) {
        return e instanceof PgException pg && pg.getSqlState() != null
                && (pg.getSqlState().startsWith("22") || pg.getSqlState().startsWith("23")
                        || pg.getSqlState().startsWith("54"));
    }

    private static PrivacyResult result(ConsumerRecord<String, byte[]> r) {
        PrivacyResult result = EventJson.read(r.value(), PrivacyResult.class);
        boolean usable = result.requestId() != null && named(r, result.tenantId()) && service(result.service())
                && (PrivacyResult.COMPLETED.equals(result.status()) || PrivacyResult.FAILED.equals(result.status()));
        if (!usable) {
            LOG.warnf("Skipping a privacy result without request, tenant (its key's), service or status at %d@%d",
                    r.partition(), r.offset());
            return null;
        }
        return result.finishedAt() != null
                ? result
                : new PrivacyResult(result.requestId(), result.tenantId(), result.service(), result.status(),
                        result.detail(), result.counts(), Instant.now());
    }

    private static PrivacyExportPart part(ConsumerRecord<String, byte[]> r) {
        PrivacyExportPart part = EventJson.read(r.value(), PrivacyExportPart.class);
        if (part.requestId() == null || !named(r, part.tenantId()) || !service(part.service()) || part.seq() < 0
                || part.sections() == null) {
            LOG.warnf("Skipping an export part without request, tenant (its key's), service or sections at %d@%d",
                    r.partition(), r.offset());
            return null;
        }
        // stored sections are arrays of objects, so that an erase can take a customer's rows out of them
        Map<String, List<Map<String, Object>>> sections = new LinkedHashMap<>();
        part.sections().forEach((name, rows) -> {
            if (name != null && rows != null) {
                sections.put(name, rows.stream().filter(Objects::nonNull).toList());
            }
        });
        return new PrivacyExportPart(part.requestId(), part.tenantId(), part.service(), part.seq(), sections);
    }

    private static boolean named(ConsumerRecord<String, byte[]> r, String tenant) {
        return tenant != null && tenant.equals(r.key());
    }

    private static boolean service(String name) {
        return name != null && SERVICE.matcher(name).matches();
    }
}
