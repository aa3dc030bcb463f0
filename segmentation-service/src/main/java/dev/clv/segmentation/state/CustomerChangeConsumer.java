package dev.clv.segmentation.state;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.clv.contracts.CustomerKey;
import dev.clv.contracts.Topics;
import dev.clv.contracts.event.CustomerProfileChange;
import dev.clv.contracts.event.CustomerScore;
import dev.clv.contracts.event.EventJson;
import dev.clv.segmentation.segment.evaluation.SegmentEvaluator;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;

/**
 * Keeps each customer's state from profile changes and scores, then re-evaluates the tenant's segments for the
 * customers of the batch. A batch's offsets are committed only after both, so a crash replays it: snapshots keep the
 * newest by time and evaluation only acts on differences, so a replay neither loses nor repeats a membership change.
 */
@ApplicationScoped
public class CustomerChangeConsumer {
    private static final Logger LOG = Logger.getLogger(CustomerChangeConsumer.class);
    private final Pool pool;
    private final CustomerStateRepository states;
    private final SegmentEvaluator evaluator;
    private final ObjectMapper mapper;
    private final Counter evaluations;
    private final Timer storing;
    private final Timer evaluating;

    public CustomerChangeConsumer(Pool pool, CustomerStateRepository states, SegmentEvaluator evaluator,
            ObjectMapper mapper, MeterRegistry registry) {
        this.pool = pool;
        this.states = states;
        this.evaluator = evaluator;
        this.mapper = mapper;
        this.evaluations = Counter.builder("segmentation.customers.evaluated")
                .description("Customers whose segments were re-evaluated after a change").register(registry);
        this.storing = Timer.builder("segmentation.batch.store").description("Storing a batch's customer states")
                .register(registry);
        this.evaluating = Timer.builder("segmentation.batch.evaluate")
                .description("Re-evaluating the segments of a batch's customers").register(registry);
    }

    @Incoming("profile-changes")
    public Uni<Void> profiles(ConsumerRecords<String, byte[]> records) {
        Map<String, CustomerProfileChange> newest = newest(records, CustomerProfileChange.class,
                c -> Topics.key(c.tenantId(), c.customerId()));
        ArrayNode rows = mapper.createArrayNode();
        for (CustomerProfileChange c : newest.values()) {
            if (c.snapshot() != null) {
                ObjectNode row = mapper.valueToTree(c.snapshot());
                rows.add(row.put("tenant_id", c.tenantId()).put("customer_id", c.customerId())
                        .put("changed_at", c.changedAt().toString()));
            }
        }
        return store(newest.keySet(), db -> states.upsertProfiles(db, json(rows)), rows.isEmpty());
    }

    @Incoming("scores")
    public Uni<Void> scores(ConsumerRecords<String, byte[]> records) {
        Map<String, CustomerScore> newest = newest(records, CustomerScore.class,
                s -> Topics.key(s.tenantId(), s.customerId()));
        ArrayNode rows = mapper.createArrayNode();
        for (CustomerScore s : newest.values()) {
            ObjectNode row = rows.addObject().put("tenant_id", s.tenantId()).put("customer_id", s.customerId())
                    .put("predicted_clv", s.predictedClv()).put("scored_at", s.scoredAt().toString());
            row.put("p_alive", s.pAlive()).put("expected_purchases", s.expectedPurchases());
        }
        return store(newest.keySet(), db -> states.upsertScores(db, json(rows)), rows.isEmpty());
    }

    private Uni<Void> store(Iterable<String> keys, Function<SqlClient, Uni<Void>> upsert,
            boolean nothing) {
        Map<String, List<String>> byTenant = new TreeMap<>();
        for (String key : keys) {
            CustomerKey customer = CustomerKey.parse(key);
            byTenant.computeIfAbsent(customer.tenant(), t -> new ArrayList<>()).add(customer.customerId());
        }
        long[] started = new long[2];
        Uni<Void> stored = nothing ? Uni.createFrom().voidItem() : upsert.apply(pool);
        return Uni.createFrom().voidItem().invoke(() -> started[0] = System.nanoTime()).chain(() -> stored)
                .invoke(() -> started[1] = System.nanoTime())
                .chain(() -> Multi.createFrom().iterable(byTenant.entrySet())
                        .onItem().transformToUniAndConcatenate(e -> evaluator.customers(e.getKey(), e.getValue()
                                .toArray(String[]::new)).invoke(() -> evaluations.increment(e.getValue().size())))
                        .collect().last())
                .invoke(() -> {
                    storing.record(started[1] - started[0], TimeUnit.NANOSECONDS);
                    evaluating.record(System.nanoTime() - started[1], TimeUnit.NANOSECONDS);
                })
                .onFailure().invoke(e -> LOG.errorf("Re-evaluating a batch failed (%s); retrying", e.toString()))
                .onFailure().retry().withBackOff(Duration.ofMillis(500), Duration.ofSeconds(30)).indefinitely()
                .replaceWithVoid();
    }

    // the last record of a customer in a batch is its newest: one customer's records share a partition
    private static <T> Map<String, T> newest(ConsumerRecords<String, byte[]> records, Class<T> type,
            Function<T, String> key) {
        Map<String, T> out = new LinkedHashMap<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            try {
                T value = EventJson.read(r.value(), type);
                out.put(key.apply(value), value);
            } catch (RuntimeException e) {
                LOG.warnf("Skipping an unreadable record %s-%d@%d: %s", r.topic(), r.partition(), r.offset(),
                        e.toString());
            }
        }
        return out;
    }

    private String json(ArrayNode rows) {
        try {
            return mapper.writeValueAsString(rows);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
