package dev.clv.ingestion.privacy;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.jboss.logging.Logger;

import dev.clv.contracts.Topics;
import dev.clv.contracts.event.EventJson;
import dev.clv.contracts.kafka.KafkaProducers;
import dev.clv.contracts.privacy.PrivacyRequest;
import dev.clv.ingestion.config.IngestionConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Publishes stored requests on {@code privacy-requests.v1}, keyed by tenant, each marked published once Kafka
 * acknowledged it. A tenant's requests go out in the order they were made, one replica at a time, and one that
 * Kafka refuses holds back the later ones, so every service carries them out in that order. Right after a request
 * is stored, and again by a sweep for any still unpublished after {@code clv.privacy.republish-after}.
 */
@ApplicationScoped
public class RequestPublisher {
    private static final Logger LOG = Logger.getLogger(RequestPublisher.class);
    private static final Duration DB = Duration.ofSeconds(10);
    private final PrivacyRequests requests;
    private final Pool pool;
    private final PrivacyConfig config;
    private final Duration ackWithin;
    private final KafkaProducer<String, byte[]> producer;
    // one thread: a request's POST never waits for Kafka, and a tenant queued twice is published once
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "privacy-request-publisher");
        t.setDaemon(true);
        return t;
    });
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;

    public RequestPublisher(PrivacyRequests requests, Pool pool, PrivacyConfig config, IngestionConfig ingestion,
            KafkaProducers producers) {
        this.requests = requests;
        this.pool = pool;
        this.config = config;
        this.ackWithin = ingestion.publishTimeout().plusSeconds(1);
        this.producer = producers.create("ingestion-privacy-requests");
    }

    /** Publishes the tenant's unpublished requests soon, on the publisher's thread. */
    void publishSoon(String tenant) {
        if (queued.add(tenant)) {
            worker.execute(() -> {
                queued.remove(tenant);
                publish(tenant);
            });
        }
    }

    @Scheduled(every = "${clv.privacy.sweep-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        if (stopping) {
            return; // the database pool may be closed already
        }
        try {
            requests.overdueTenants(config.republishAfter()).await().atMost(DB).forEach(this::publishSoon);
        } catch (RuntimeException e) {
            LOG.warnf("The privacy request sweep failed (%s); it runs again shortly", e.toString());
        }
    }

    private void publish(String tenant) {
        try {
            SqlConnection conn = pool.getConnection().await().atMost(DB);
            try {
                if (requests.lock(conn, tenant)) { // else another replica is publishing them
                    try {
                        publishInOrder(conn, tenant);
                    } finally {
                        requests.unlock(conn, tenant);
                    }
                }
            } finally {
                conn.close().await().atMost(DB);
            }
        } catch (RuntimeException e) {
            LOG.warnf("Privacy requests of %s were not published (%s); the sweep tries again", tenant,
                    e.toString());
        }
    }

    private void publishInOrder(SqlConnection conn, String tenant) {
        for (PrivacyRequest request : requests.unpublished(conn, tenant)) {
            if (!acknowledged(request)) {
                return; // the later ones wait: a tenant's requests keep their order
            }
            requests.markPublished(conn, request.id());
        }
    }

    private boolean acknowledged(PrivacyRequest request) {
        try {
            producer.send(new ProducerRecord<>(Topics.PRIVACY_REQUESTS, request.tenantId(), EventJson.write(
                    request))).get(ackWithin.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            LOG.warnf("Kafka did not acknowledge privacy request %s (%s); the sweep publishes it again",
                    request.id(), e.toString());
            return false;
        }
    }

    void stopping(@Observes ShutdownEvent event) {
        stopping = true;
    }

    @PreDestroy
    void close() {
        worker.shutdownNow();
        producer.close(Duration.ofSeconds(5));
    }
}
