package dev.clv.segmentation.state;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.clv.contracts.CustomerKey;
import dev.clv.segmentation.kafka.SkippedRecords;
import dev.clv.segmentation.privacy.ErasureGuards;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.pgclient.PgException;

/**
 * Stores a batch's customer state rows (JSON objects named like the table's columns) in one statement, leaving out
 * customers erased since their record was made ({@link ErasureGuards}); if the database refuses one of the rows, row
 * by row, leaving that one out (counted as skipped).
 */
@ApplicationScoped
public class StateUpserts {
    private final ErasureGuards guards;
    private final SkippedRecords skipped;
    private final ObjectMapper mapper;

    public StateUpserts(ErasureGuards guards, SkippedRecords skipped, ObjectMapper mapper) {
        this.guards = guards;
        this.skipped = skipped;
        this.mapper = mapper;
    }

    /** Upserts the rows with {@code upsert}; {@code recorded} holds each customer's newest record time. */
    public Uni<Void> upsert(String topic, Map<CustomerKey, Instant> recorded, List<ObjectNode> rows,
            BiFunction<SqlClient, String, Uni<Void>> upsert) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return guarded(topic, recorded, rows, upsert).onFailure(StateUpserts::refused).recoverWithUni(
                e -> Multi.createFrom().iterable(rows).onItem().transformToUniAndConcatenate(row -> guarded(topic,
                        Map.of(key(row), recorded.get(key(row))), List.of(row), upsert)
                        .onFailure(StateUpserts::refused).recoverWithItem(f -> {
                            skipped.skipRow(topic, row.path("tenant_id").asText(), ((PgException) f).getSqlState());
                            return null;
                        }))
                        .collect().last().replaceWithVoid());
    }

    private Uni<Void> guarded(String topic, Map<CustomerKey, Instant> recorded, List<ObjectNode> rows,
            BiFunction<SqlClient, String, Uni<Void>> upsert) {
        return guards.write(topic, recorded, (db, kept) -> {
            List<ObjectNode> stored = rows.stream().filter(r -> kept.test(key(r))).toList();
            return stored.isEmpty() ? Uni.createFrom().voidItem() : upsert.apply(db, json(stored));
        });
    }

    private static CustomerKey key(ObjectNode row) {
        return new CustomerKey(row.path("tenant_id").asText(), row.path("customer_id").asText());
    }

    /** A row the database refuses for what it holds (classes 22, 23, 54), as opposed to an outage. */
    static boolean refused(Throwable e) {
        return e instanceof PgException pg && pg.getSqlState() != null && (pg.getSqlState().startsWith("22")
                || pg.getSqlState().startsWith("23") || pg.getSqlState().startsWith("54"));
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
