package dev.clv.contracts.privacy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

import dev.clv.contracts.Topics;
import dev.clv.contracts.event.EventJson;
import dev.clv.contracts.kafka.BatchConsumer;
import dev.clv.contracts.kafka.KafkaConsumers;

/**
 * Every tenant's retention policy as this process last heard it: each process reads the compacted
 * {@code retention-policies.v1} from its start (a consumer group of its own), so it always knows every policy, and a
 * change reaches it within a poll. The service's purge asks {@link #days} per tenant and kind.
 */
public final class RetentionPolicies {
    private static final Logger LOG = Logger.getLogger(RetentionPolicies.class);
    private final Map<String, RetentionPolicy> byTenant = new ConcurrentHashMap<>();

    private RetentionPolicies() {
    }

    /** Starts reading the policies for {@code service}; the instance fills in as they arrive. */
    public static RetentionPolicies start(String service, KafkaConsumers consumers) {
        RetentionPolicies policies = new RetentionPolicies();
        String group = service + "-retention-" + UUID.randomUUID();
        consumers.start(new BatchConsumer.Options(service + "-retention", group, List.of(Topics.RETENTION_POLICIES),
                1, 500), batch -> {
                    for (ConsumerRecord<String, byte[]> r : batch) {
                        policies.take(r);
                    }
                    return CompletableFuture.completedFuture(null);
                });
        return policies;
    }

    private void take(ConsumerRecord<String, byte[]> r) {
        try {
            RetentionPolicy policy = EventJson.read(r.value(), RetentionPolicy.class);
            if (policy.tenantId() != null && policy.tenantId().equals(r.key()) && policy.updatedAt() != null) {
                accept(policy);
            } else {
                LOG.warnf("Skipping a retention policy without tenant, matching key or time at %d@%d", r.partition(),
                        r.offset());
            }
        } catch (RuntimeException e) {
            LOG.warnf("Skipping an unreadable retention policy at %d@%d", r.partition(), r.offset());
        }
    }

    /** Takes a policy now (the writer's own replica does not wait for the topic); the newest wins. */
    public void accept(RetentionPolicy policy) {
        byTenant.merge(policy.tenantId(), policy, (old, now) -> now.updatedAt().isBefore(old.updatedAt()) ? old : now);
    }

    /** The tenant's own policy, if it has one. */
    public Optional<RetentionPolicy> of(String tenant) {
        return Optional.ofNullable(byTenant.get(tenant));
    }

    /** Days the tenant keeps {@code kind}: its own policy's when it names the kind, else the default; empty: for ever. */
    public Optional<Integer> days(String tenant, String kind) {
        RetentionPolicy policy = byTenant.get(tenant);
        return policy != null ? policy.daysOf(kind) : RetentionPolicy.defaultDays(kind);
    }

    /** The tenants that have a policy of their own. */
    public Set<String> tenants() {
        return byTenant.keySet();
    }
}
