package dev.clv.segmentation.state;

import java.time.Instant;
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

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.clv.contracts.CustomerKey;
import dev.clv.contracts.Topics;
import dev.clv.contracts.event.CustomerProfileChange;
import dev.clv.contracts.event.CustomerScore;
import dev.clv.contracts.event.EventJson;
import dev.clv.contracts.kafka.BatchConsumer;
import dev.clv.contracts.kafka.KafkaConsumers;
import dev.clv.contracts.tracing.RecordTraces;
import dev.clv.segmentation.kafka.ConsumersConfig;
import dev.clv.segmentation.kafka.SkippedRecords;
import dev.clv.segmentation.privacy.ErasureGuards;
import dev.clv.segmentation.segment.evaluation.PendingEvaluations;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.context.Context;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;

/**
 * Keeps each customer's state from profile changes and scores, then re-evaluates the segments of the batch's
 * customers, tenant by tenant, each tenant in its own transaction; a tenant whose evaluation fails has its customers
 * kept for a retry ({@link PendingEvaluations}) and does not hold up the others. A batch's offsets are committed
 * (by contracts' {@link BatchConsumer}) only after all of that; a failure to store restarts the consumer from them,
 * so a crash replays the batch: snapshots keep the newest by time and evaluation only acts on differences, so a
 * replay neither loses nor repeats a membership change. The record key decides tenant and customer; a record about
 * a customer erased since it was made is left out ({@link StateUpserts}, {@link ErasureGuards}).
 */
@ApplicationScoped
public class CustomerChangeConsumer {
    static final String PROFILES_GROUP = "segmentation-profiles";
    static final String SCORES_GROUP = "segmentation-scores";
    private final CustomerStateRepository states;
    private final PendingEvaluations evaluations;
    private final SkippedRecords skipped;
    private final StateUpserts upserts;
    private final ObjectMapper mapper;
    private final Counter evaluated;
    private final Timer storing;
    private final Timer evaluating;

    public CustomerChangeConsumer(CustomerStateRepository states, PendingEvaluations evaluations,
            SkippedRecords skipped, StateUpserts upserts, ObjectMapper mapper, MeterRegistry registry) {
        this.states = states;
        this.evaluations = evaluations;
        this.skipped = skipped;
        this.upserts = upserts;
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
        // the batch's trace (current only now, on the consumer's thread) goes with the messages it queues
        String trace = RecordTraces.traceparent(Context.current());
        Map<CustomerKey, Instant> recorded = new LinkedHashMap<>();
        Map<CustomerKey, CustomerProfileChange> newest = newest(records, CustomerProfileChange.class,
                c -> new CustomerKey(c.tenantId(), c.customerId()), recorded);
        List<ObjectNode> rows = new ArrayList<>();
        newest.forEach((key, c) -> {
            if (c.snapshot() != null) {
                ObjectNode row = mapper.valueToTree(c.snapshot());
                rows.add(row.put("tenant_id", key.tenant()).put("customer_id", key.customerId())
                        .put("changed_at", c.changedAt().toString()));
            }
        });
        return store(recorded, Topics.PROFILE_CHANGES, rows, states::upsertProfiles, trace)
                .subscribeAsCompletionStage();
    }

    CompletionStage<Void> scores(ConsumerRecords<String, byte[]> records) {
        String trace = RecordTraces.traceparent(Context.current());
        Map<CustomerKey, Instant> recorded = new LinkedHashMap<>();
        Map<CustomerKey, CustomerScore> newest = newest(records, CustomerScore.class,
                s -> new CustomerKey(s.tenantId(), s.customerId()), recorded);
        List<ObjectNode> rows = new ArrayList<>();
        newest.forEach((key, s) -> {
            ObjectNode row = mapper.createObjectNode().put("tenant_id", key.tenant())
                    .put("customer_id", key.customerId()).put("predicted_clv", s.predictedClv())
                    .put("scored_at", s.scoredAt().toString());
            rows.add(row.put("p_alive", s.pAlive()).put("expected_purchases", s.expectedPurchases()));
        });
        return store(recorded, Topics.SCORES, rows, states::upsertScores, trace).subscribeAsCompletionStage();
    }

    private Uni<Void> store(Map<CustomerKey, Instant> recorded, String topic, List<ObjectNode> rows,
            BiFunction<SqlClient, String, Uni<Void>> upsertAll, String trace) {
        Map<String, List<String>> byTenant = new TreeMap<>();
        for (CustomerKey key : recorded.keySet()) {
            byTenant.computeIfAbsent(key.tenant(), t -> new ArrayList<>()).add(key.customerId());
        }
        long[] started = new long[2];
        Uni<Void> stored = upserts.upsert(topic, recorded, rows, upsertAll);
        return Uni.createFrom().voidItem().invoke(() -> started[0] = System.nanoTime()).chain(() -> stored)
                .invoke(() -> started[1] = System.nanoTime())
                .chain(() -> Multi.createFrom().iterable(byTenant.entrySet())
                        .onItem().transformToUniAndConcatenate(e -> evaluations.evaluateOrKeep(e.getKey(), e
                                .getValue().toArray(String[]::new), trace).invoke(
                                        () -> evaluated.increment(e.getValue()
                                                .size())))
                        .collect().last())
                .invoke(() -> {
                    storing.record(started[1] - started[0], TimeUnit.NANOSECONDS);
                    evaluating.record(System.nanoTime() - started[1], TimeUnit.NANOSECONDS);
                })
                .replaceWithVoid();
    }

    // the last record of a customer in a batch is its newest: one customer's records share a partition (its key);
    // recorded gets its time (none: the epoch, so an erased customer's record is never taken for a newer one)
    private <T> Map<CustomerKey, T> newest(ConsumerRecords<String, byte[]> records, Class<T> type,
            Function<T, CustomerKey> named, Map<CustomerKey, Instant> recorded) {
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
            recorded.put(key, Instant.ofEpochMilli(Math.max(0, r.timestamp())));
        }
        return out;
    }
}
