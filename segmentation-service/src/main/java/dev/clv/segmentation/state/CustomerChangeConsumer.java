package dev.clv.segmentation.state;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.clv.contracts.CustomerKey;
import dev.clv.contracts.Topics;
import dev.clv.contracts.event.CustomerProfileChange;
import dev.clv.contracts.event.CustomerScore;
import dev.clv.contracts.event.EventJson;
import dev.clv.contracts.kafka.BatchConsumer;
import dev.clv.contracts.kafka.KafkaConsumers;
import dev.clv.segmentation.kafka.ConsumersConfig;
import dev.clv.segmentation.kafka.SkippedRecords;
import dev.clv.segmentation.segment.evaluation.PendingEvaluations;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgException;
import io.vertx.mutiny.sqlclient.SqlClient;

/**
 * Keeps each customer's state from profile changes and scores, then re-evaluates the segments of the batch's
 * customers, tenant by tenant, each tenant in its own transaction; a tenant whose evaluation fails has its customers
 * kept for a retry ({@link PendingEvaluations}) and does not hold up the others. A batch's offsets are committed
 * (by contracts' {@link BatchConsumer}) only after all of that; a failure to store restarts the consumer from them,
 * so a crash replays the batch: snapshots keep the newest by time and evaluation only acts on differences, so a
 * replay neither loses nor repeats a membership change. The record key decides tenant and customer.
 */
@ApplicationScoped
public class CustomerChangeConsumer {
    static final String PROFILES_GROUP = "segmentation-profiles";
    static final String SCORES_GROUP = "segmentation-scores";
    private final Pool pool;
    private final CustomerStateRepository states;
    private final PendingEvaluations evaluations;
    private final SkippedRecords skipped;
    private final ObjectMapper mapper;
    private final Counter evaluated;
    private final Timer storing;
    private final Timer evaluating;

    public CustomerChangeConsumer(Pool pool, CustomerStateRepository states, PendingEvaluations evaluations,
            SkippedRecords skipped, ObjectMapper mapper, MeterRegistry registry) {
        this.pool = pool;
        this.states = states;
        this.evaluations = evaluations;
        this.skipped = skipped;
        this.mapper = mapper;
        this.evaluated = Counter.builder("segmentation.customers.evaluated")
                .description("Customers whose segments were re-evaluated after a change").register(registry);
        this.storing = Timer.builder("segmentation.batch.store").description("Storing a batch's customer states")
                .register(registry);
        this.evaluating = Timer.builder("segmentation.batch.evaluate")
                .description("Re-evaluating the segments of a batch's customers").register(registry);
    }

    void start(@Observes StartupEvent started, KafkaConsumers consumers, ConsumersConfig config) {
        consumers.start(new BatchConsumer.Options(PROFILES_GROUP, PROFILES_GROUP, List.of(Topics.PROFILE_CHANGES),
                config.members(), config.maxBatch()), this::profiles);
        consumers.start(new BatchConsumer.Options(SCORES_GROUP, SCORES_GROUP, List.of(Topics.SCORES),
                config.members(), config.maxBatch()), this::scores);
    }

    CompletionStage<Void> profiles(ConsumerRecords<String, byte[]> records) {
        Map<CustomerKey, CustomerProfileChange> newest = newest(records, CustomerProfileChange.class,
                c -> new CustomerKey(c.tenantId(), c.customerId()));
        List<ObjectNode> rows = new ArrayList<>();
        newest.forEach((key, c) -> {
            if (c.snapshot() != null) {
                ObjectNode row = mapper.valueToTree(c.snapshot());
                rows.add(row.put("tenant_id", key.tenant()).put("customer_id", key.customerId())
                        .put("changed_at", c.changedAt().toString()));
            }
        });
        return store(newest.keySet(), Topics.PROFILE_CHANGES, rows, states::upsertProfiles)
                .subscribeAsCompletionStage();
    }

    CompletionStage<Void> scores(ConsumerRecords<String, byte[]> records) {
        Map<CustomerKey, CustomerScore> newest = newest(records, CustomerScore.class,
                s -> new CustomerKey(s.tenantId(), s.customerId()));
        List<ObjectNode> rows = new ArrayList<>();
        newest.forEach((key, s) -> {
            ObjectNode row = mapper.createObjectNode().put("tenant_id", key.tenant())
                    .put("customer_id", key.customerId()).put("predicted_clv", s.predictedClv())
                    .put("scored_at", s.scoredAt().toString());
            rows.add(row.put("p_alive", s.pAlive()).put("expected_purchases", s.expectedPurchases()));
        });
        return store(newest.keySet(), Topics.SCORES, rows, states::upsertScores).subscribeAsCompletionStage();
    }

    /** Stores the rows in one statement; if the database refuses one of them, row by row, leaving that one out. */
    private Uni<Void> upsert(String topic, List<ObjectNode> rows, BiFunction<SqlClient, String, Uni<Void>> upsert) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return upsert.apply(pool, json(rows)).onFailure(CustomerChangeConsumer::refused).recoverWithUni(e -> Multi
                .createFrom().iterable(rows).onItem().transformToUniAndConcatenate(row -> upsert.apply(pool, json(
                        List.of(row))).onFailure(CustomerChangeConsumer::refused).recoverWithItem(f -> {
                            skipped.skipRow(topic, row.path("tenant_id").asText(), ((PgException) f).getSqlState());
                            return null;
                        }))
                .collect().last().replaceWithVoid());
    }

    /** A row the database refuses for what it holds (classes 22, 23, 54), as opposed to an outage. */
    static boolean refused(Throwable e) {
        return e instanceof PgException pg && pg.getSqlState() != null && (pg.getSqlState().startsWith("22")
                || pg.getSqlState().startsWith("23") || pg.getSqlState().startsWith("54"));
    }

    private Uni<Void> store(Iterable<CustomerKey> keys, String topic, List<ObjectNode> rows,
            BiFunction<SqlClient, String, Uni<Void>> upsertAll) {
        Map<String, List<String>> byTenant = new TreeMap<>();
        for (CustomerKey key : keys) {
            byTenant.computeIfAbsent(key.tenant(), t -> new ArrayList<>()).add(key.customerId());
        }
        long[] started = new long[2];
        Uni<Void> stored = upsert(topic, rows, upsertAll);
        return Uni.createFrom().voidItem().invoke(() -> started[0] = System.nanoTime()).chain(() -> stored)
                .invoke(() -> started[1] = System.nanoTime())
                .chain(() -> Multi.createFrom().iterable(byTenant.entrySet())
                        .onItem().transformToUniAndConcatenate(e -> evaluations.evaluateOrKeep(e.getKey(), e
                                .getValue().toArray(String[]::new)).invoke(
                                        () -> evaluated.increment(e.getValue()
                                                .size())))
                        .collect().last())
                .invoke(() -> {
                    storing.record(started[1] - started[0], TimeUnit.NANOSECONDS);
                    evaluating.record(System.nanoTime() - started[1], TimeUnit.NANOSECONDS);
                })
                .replaceWithVoid();
    }

    // the last record of a customer in a batch is its newest: one customer's records share a partition (its key)
    private <T> Map<CustomerKey, T> newest(ConsumerRecords<String, byte[]> records, Class<T> type,
            Function<T, CustomerKey> named) {
        Map<CustomerKey, T> out = new LinkedHashMap<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            CustomerKey key;
            T value;
            try {
                key = CustomerKey.parse(r.key());
                value = EventJson.read(r.value(), type);
            } catch (RuntimeException e) {
                skipped.skip(r, SkippedRecords.UNREADABLE, e.toString());
                continue;
            }
            if (!key.equals(named.apply(value))) {
                skipped.skip(r, SkippedRecords.KEY_MISMATCH, "the payload names another tenant or customer than "
                        + "the key");
                continue;
            }
            out.put(key, value);
        }
        return out;
    }

    private String json(List<ObjectNode> rows) {
        try {
            ArrayNode array = mapper.createArrayNode();
            rows.forEach(array::add);
            return mapper.writeValueAsString(array);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
