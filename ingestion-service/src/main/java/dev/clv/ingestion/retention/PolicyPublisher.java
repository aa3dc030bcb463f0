package dev.clv.ingestion.retention;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.clv.contracts.Topics;
import dev.clv.contracts.event.EventJson;
import dev.clv.contracts.kafka.KafkaProducers;
import dev.clv.contracts.kafka.KafkaSecurity;
import dev.clv.contracts.privacy.RetentionPolicy;
import io.quarkus.scheduler.Scheduled;

/**
 * Puts the stored policies on the compacted {@code retention-policies.v1}, keyed by tenant: one right after an admin
 * changes it, and all of them shortly after start and every {@code clv.retention.republish-every}, so a policy whose
 * first send failed, or a topic that lost it, is repaired without anyone's help. Makes the topic compacted too (a
 * consumer that subscribes first can have the broker create it with the default, deleting, policy).
 */
@ApplicationScoped
public class PolicyPublisher {
    private static final Logger LOG = Logger.getLogger(PolicyPublisher.class);
    private static final long ACK_SECONDS = 10;
    private final RetentionStore store;
    private final KafkaProducer<String, byte[]> producer;
    private final Admin admin;
    private volatile boolean topicReady;

    public PolicyPublisher(RetentionStore store, KafkaProducers producers, KafkaSecurity security,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) {
        this.store = store;
        this.producer = producers.create("ingestion-retention-policies");
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        props.putAll(security.properties());
        this.admin = Admin.create(props);
    }

    /** Sends one policy and waits for Kafka's acknowledgement; false when it did not come (the sweep resends). */
    public boolean publish(RetentionPolicy policy) {
        ensureCompacted();
        try {
            producer.send(new ProducerRecord<>(Topics.RETENTION_POLICIES, policy.tenantId(), EventJson.write(policy)))
                    .get(ACK_SECONDS, TimeUnit.SECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            LOG.warnf("The retention policy of %s is stored but not yet published (%s); the sweep sends it",
                    policy.tenantId(), e.toString());
            return false;
        }
    }

    @Scheduled(every = "${clv.retention.republish-every:10m}", delay = 5, delayUnit = TimeUnit.SECONDS, concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void republishAll() {
        try {
            List<RetentionPolicy> all = store.all();
            all.forEach(this::publish);
        } catch (RuntimeException e) {
            LOG.warnf("Republishing retention policies failed (%s); tried again at the next sweep", e.toString());
        }
    }

    private void ensureCompacted() {
        if (topicReady) {
            return;
        }
        try {
            createOrCompact();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            // e.g. a deployment whose ACLs do not let ingestion manage topics: it declares the topic itself
            LOG.warnf("Could not make %s compacted (%s); declare it with cleanup.policy=compact (deploy/README.md)",
                    Topics.RETENTION_POLICIES, e.toString());
        }
        topicReady = true;
    }

    private void createOrCompact() throws ExecutionException, InterruptedException, TimeoutException {
        NewTopic topic = new NewTopic(Topics.RETENTION_POLICIES, Optional.of(1), Optional.empty())
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        try {
            admin.createTopics(List.of(topic)).all().get(ACK_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, Topics.RETENTION_POLICIES);
            AlterConfigOp compact = new AlterConfigOp(new ConfigEntry(TopicConfig.CLEANUP_POLICY_CONFIG,
                    TopicConfig.CLEANUP_POLICY_COMPACT), AlterConfigOp.OpType.SET);
            admin.incrementalAlterConfigs(Map.of(resource, List.of(compact))).all().get(ACK_SECONDS,
                    TimeUnit.SECONDS);
        }
    }

    @PreDestroy
    void close() {
        producer.close(java.time.Duration.ofSeconds(5));
        admin.close(java.time.Duration.ofSeconds(5));
    }
}
