package dev.clv.analytics.projection;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.clv.contracts.kafka.BatchConsumer;
import dev.clv.contracts.kafka.KafkaConsumers;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Publishes this process's projector lag (records its consumers have yet to read) to the database every second,
 * where the query side, which may run in other processes, reads it for the {@code as_of} of its answers.
 */
@ApplicationScoped
public class ProjectionLag {
    private static final Logger LOG = Logger.getLogger(ProjectionLag.class);
    private static final String UPSERT = """
            INSERT INTO analytics.projector_lag VALUES ($1, $2, now())
            ON CONFLICT (instance) DO UPDATE SET lag_records = excluded.lag_records, measured_at = excluded.measured_at
            """;
    private final String instance = UUID.randomUUID().toString();
    private final KafkaConsumers consumers;
    private final Pool pool;

    public ProjectionLag(KafkaConsumers consumers, @ReactiveDataSource("projection") Pool pool) {
        this.consumers = consumers;
        this.pool = pool;
    }

    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> publish() {
        var projectors = consumers.running().stream()
                .filter(c -> c.options().group().equals(RawEventProjector.GROUP)).toList();
        if (projectors.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        long lag = projectors.stream().mapToLong(BatchConsumer::lag).sum();
        return pool.preparedQuery(UPSERT).execute(Tuple.of(instance, lag)).replaceWithVoid().onFailure()
                .invoke(e -> LOG.debugf("Publishing the projector lag failed: %s", e)).onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
