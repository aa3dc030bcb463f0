package dev.clv.analytics.projection;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
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
    private final KafkaClientService kafka;
    private final Pool pool;

    public ProjectionLag(KafkaClientService kafka, Pool pool) {
        this.kafka = kafka;
        this.pool = pool;
    }

    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> publish() {
        // the channel runs as copies (raw-events$1, …), each with its own consumer: the lag is their sum
        List<KafkaConsumer<Object, Object>> consumers = kafka.getConsumerChannels().stream()
                .filter(c -> c.equals("raw-events") || c.startsWith("raw-events$"))
                .flatMap(c -> kafka.<Object, Object>getConsumers(c).stream()).toList();
        if (consumers.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        // a consumer is not thread-safe: its metrics are read on its own polling thread
        List<Uni<Long>> lags = consumers.stream().map(consumer -> consumer.runOnPollingThread(c -> {
            double total = 0;
            for (Map.Entry<MetricName, ? extends Metric> e : c.metrics().entrySet()) {
                if ("records-lag".equals(e.getKey().name()) && e.getValue().metricValue() instanceof Double d
                        && !d.isNaN()) {
                    total += d;
                }
            }
            return (long) total;
        })).toList();
        return Uni.combine().all().unis(lags).with(values -> values.stream().mapToLong(v -> (Long) v).sum())
                .chain(lag -> pool.preparedQuery(UPSERT).execute(Tuple.of(instance, lag))).replaceWithVoid()
                .onFailure().invoke(e -> LOG.debugf("Publishing the projector lag failed: %s", e)).onFailure()
                .recoverWithNull().replaceWithVoid();
    }
}
