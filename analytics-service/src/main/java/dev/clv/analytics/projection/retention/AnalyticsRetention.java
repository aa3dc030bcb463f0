package dev.clv.analytics.projection.retention;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.clv.analytics.shared.AnalyticsRoles;
import dev.clv.contracts.kafka.KafkaConsumers;
import dev.clv.contracts.privacy.RetentionPolicies;
import dev.clv.contracts.privacy.RetentionPolicy;
import dev.clv.contracts.privacy.RetentionPurge;
import dev.clv.contracts.privacy.RetentionPurge.Target;
import dev.clv.contracts.privacy.RetentionSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * The purge of analytics' raw rows (events, transactions, interactions) by their own time, run with the projection
 * role. Only raw rows go: every rollup (customer metrics, days, months, cohorts, products, tenant quarters) was
 * updated when the row arrived and is never recomputed from raw rows, so LTV and reports keep their sums. A row
 * younger (by arrival) than the replay window stays whatever its time, so a replayed record finds it and counts once.
 * Erasure guards go once the replay window is over: no record older than their erase can come back then.
 */
@ApplicationScoped
public class AnalyticsRetention {
    private final DataSource dataSource;
    private final RetentionSettings settings;
    private final MeterRegistry registry;
    private volatile RetentionPurge purge;

    public AnalyticsRetention(DataSource dataSource, RetentionSettings settings, MeterRegistry registry) {
        this.dataSource = dataSource;
        this.settings = settings;
        this.registry = registry;
    }

    void start(@Observes StartupEvent started, AnalyticsRoles roles, KafkaConsumers consumers) {
        if (roles.projection()) {
            RetentionPolicies policies = RetentionPolicies.start("analytics", consumers);
            purge = new RetentionPurge(dataSource, policies, List.of(
                    raw(RetentionPolicy.EVENTS, "analytics.events", "occurred_at"),
                    raw(RetentionPolicy.TRANSACTIONS, "analytics.transactions", "transaction_date"),
                    raw(RetentionPolicy.INTERACTIONS, "analytics.interactions", "interaction_date"),
                    Target.fixed("analytics.erased_customers", "erased_at", settings.replayWindow())),
                    settings.batchSize(), registry);
        }
    }

    private Target raw(String kind, String table, String time) {
        return Target.settledRows(kind, table, time, "true", "ingested_at", settings.replayWindow());
    }

    @Scheduled(every = "${clv.retention.purge-every:1h}", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        if (settings.enabled()) {
            purge(Instant.now());
        }
    }

    /** Purges as of {@code now} (nothing without the projection role); answers the rows removed per table. */
    public Map<String, Long> purge(Instant now) {
        RetentionPurge current = purge;
        return current == null ? Map.of() : current.run(now);
    }
}
