package dev.clv.ingestion.retention;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import dev.clv.contracts.kafka.KafkaConsumers;
import dev.clv.contracts.privacy.RetentionPolicies;
import dev.clv.contracts.privacy.RetentionPolicy;
import dev.clv.contracts.privacy.RetentionPurge;
import dev.clv.contracts.privacy.RetentionPurge.Target;
import dev.clv.contracts.privacy.RetentionSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;

/**
 * Ingestion's side of retention: the policies as published, and the purge of what ingestion keeps — quarantined
 * rows, dead letters and the stored parts of finished exports by the tenants' policies, and erasure guards once
 * no record older than their erase can be replayed.
 */
@Startup
@ApplicationScoped
public class IngestionRetention {
    static final String EXPORT_PARTS = "DELETE FROM ingestion.privacy_export_parts WHERE ctid = ANY(ARRAY("
            + "SELECT p.ctid FROM ingestion.privacy_export_parts p JOIN ingestion.privacy_requests r "
            + "ON r.id = p.request_id WHERE r.tenant_id = ? AND r.updated_at < ? "
            + "AND r.status IN ('completed', 'failed') LIMIT ?))";
    private final RetentionPolicies policies;
    private final RetentionPurge purge;
    private final RetentionSettings settings;

    public IngestionRetention(KafkaConsumers consumers, DataSource dataSource, RetentionSettings settings,
            MeterRegistry registry) {
        this.policies = RetentionPolicies.start("ingestion", consumers);
        this.settings = settings;
        this.purge = new RetentionPurge(dataSource, policies, List.of(
                Target.rows(RetentionPolicy.QUARANTINE, "ingestion.quarantined_rows", "received_at", "true"),
                Target.rows(RetentionPolicy.DEAD_LETTERS, "ingestion.dead_letters", "dead_at", "true"),
                new Target(RetentionPolicy.PRIVACY_EXPORTS, "ingestion.privacy_export_parts",
                        Target.tenantsOf("ingestion.privacy_requests"), EXPORT_PARTS, null),
                Target.fixed("ingestion.erasure_guards", "erased_at", settings.replayWindow())),
                settings.batchSize(), registry);
    }

    /** Every tenant's policy as this replica knows it. */
    public RetentionPolicies policies() {
        return policies;
    }

    @Scheduled(every = "${clv.retention.purge-every:1h}", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        if (settings.enabled()) {
            purge(Instant.now());
        }
    }

    /** Purges as of {@code now}; answers the rows removed per table. */
    public Map<String, Long> purge(Instant now) {
        return purge.run(now);
    }
}
