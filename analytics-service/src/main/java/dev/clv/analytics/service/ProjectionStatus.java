package dev.clv.analytics.service;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

import dev.clv.analytics.AsOf;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** The {@code as_of} of every answer: the tenant's projection watermark and the projector's record lag. */
@ApplicationScoped
public class ProjectionStatus {
    private static final long LAG_REFRESH_NANOS = 1_000_000_000L;
    private final Pool pool;
    private final KafkaClientService kafka;
    private final AtomicReference<long[]> lag = new AtomicReference<>(new long[]{-1, 0});

    public ProjectionStatus(Pool pool, KafkaClientService kafka) {
        this.pool = pool;
        this.kafka = kafka;
    }

    public Uni<AsOf> of(String tenant) {
        refreshLag();
        long records = lag.get()[0];
        return pool.preparedQuery("SELECT watermark FROM analytics.projection_watermarks WHERE tenant_id = $1")
                .execute(Tuple.of(tenant)).map(rows -> {
                    Instant watermark = rows.size() == 0
                            ? null
                            : rows.iterator().next().getOffsetDateTime(0).toInstant();
                    return new AsOf(watermark, records < 0 ? null : records);
                });
    }

    // the consumer is not thread-safe: its metrics are read on its own polling thread, at most once a second
    private void refreshLag() {
        long[] current = lag.get();
        long now = System.nanoTime();
        if (now - current[1] < LAG_REFRESH_NANOS || !lag.compareAndSet(current, new long[]{current[0], now})) {
            return;
        }
        // the channel runs as copies (raw-events$1, …), each with its own consumer: the lag is their sum
        java.util.List<KafkaConsumer<Object, Object>> consumers = kafka.getConsumerChannels().stream()
                .filter(c -> c.equals("raw-events") || c.startsWith("raw-events$"))
                .flatMap(c -> kafka.<Object, Object>getConsumers(c).stream()).toList();
        if (consumers.isEmpty()) {
            return;
        }
        java.util.List<Uni<Long>> lags = consumers.stream().map(consumer -> consumer.runOnPollingThread(c -> {
            double total = 0;
            for (java.util.Map.Entry<MetricName, ? extends Metric> e : c.metrics().entrySet()) {
                if ("records-lag".equals(e.getKey().name()) && e.getValue().metricValue() instanceof Double d
                        && !d.isNaN()) {
                    total += d;
                }
            }
            return (long) total;
        })).toList();
        Uni.combine().all().unis(lags).with(values -> values.stream().mapToLong(v -> (Long) v).sum()).subscribe()
                .with(value -> lag.set(new long[]{value, System.nanoTime()}), e -> {
                });
    }
}
