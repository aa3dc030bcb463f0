package dev.clv.segmentation.retention;

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
 * The purge of segmentation's history: finished webhook deliveries (their attempts go with them) by when they
 * finished, never a pending one; ended segment stays by when they ended, never a current one; erasure guards once
 * the replay window is over.
 */
@Startup
@ApplicationScoped
public class SegmentationRetention {
    private final RetentionSettings settings;
    private final RetentionPurge purge;
    private final RetentionPolicies policies;

    public SegmentationRetention(DataSource dataSource, KafkaConsumers consumers, RetentionSettings settings,
            MeterRegistry registry) {
        this.settings = settings;
        this.policies = RetentionPolicies.start("segmentation", consumers);
        this.purge = new RetentionPurge(dataSource, policies, List.of(
                Target.rows(RetentionPolicy.WEBHOOK_DELIVERIES, "segmentation.webhook_deliveries", "finished_at",
                        "status <> 'pending'"),
                Target.rows(RetentionPolicy.MEMBERSHIP_HISTORY, "segmentation.memberships", "exited_at",
                        "exited_at IS NOT NULL"),
                Target.fixed("segmentation.erased_customers", "erased_at", settings.replayWindow())),
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
