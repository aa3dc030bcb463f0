package dev.clv.segmentation.privacy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.clv.segmentation.segment.evaluation.SegmentEvaluator;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Erases customers from the segmentation schema in one transaction: their state, memberships (current and history),
 * pending evaluations, unsent announcements, and every webhook message naming them with its attempts; a guard per
 * customer keeps a record made before the erase from bringing them back. Segment counts are counted from the
 * memberships, so they are right at the commit. A request already carried out answers what it erased then.
 */
@ApplicationScoped
public class CustomerErasure {
    private static final Logger LOG = Logger.getLogger(CustomerErasure.class);
    private static final String DONE = "SELECT counts FROM segmentation.privacy_erasures WHERE request_id = $1";
    // clock_timestamp(): taken under the locks, after every write of these customers that could still commit
    private static final String GUARD = """
            INSERT INTO segmentation.erased_customers AS g (tenant_id, customer_hash, erased_at)
            SELECT $1, h, clock_timestamp() FROM unnest($2::text[]) AS h
            ON CONFLICT (tenant_id, customer_hash) DO UPDATE SET erased_at = greatest(g.erased_at, excluded.erased_at)
            """;
    // memberships before webhook messages: a message is queued with the membership change it announces
    private static final String CUSTOMER_ROWS = """
            WITH stays AS (
              DELETE FROM segmentation.memberships WHERE tenant_id = $1 AND customer_id = ANY($2) RETURNING exited_at
            ), states AS (
              DELETE FROM segmentation.customer_state WHERE tenant_id = $1 AND customer_id = ANY($2) RETURNING 1
            ), pending AS (
              DELETE FROM segmentation.pending_evaluations WHERE tenant_id = $1 AND customer_id = ANY($2) RETURNING 1
            ), announcements AS (
              DELETE FROM segmentation.membership_announcements WHERE tenant_id = $1 AND customer_id = ANY($2)
              RETURNING 1
            )
            SELECT (SELECT count(*) FROM states) AS customer_state,
              (SELECT count(*) FILTER (WHERE exited_at IS NULL) FROM stays) AS memberships,
              (SELECT count(*) FILTER (WHERE exited_at IS NOT NULL) FROM stays) AS membership_history,
              (SELECT count(*) FROM pending) AS pending_evaluations,
              (SELECT count(*) FROM announcements) AS membership_announcements
            """;
    // every message names at most one customer (segment.* one, model.trained none), so a message naming an erased
    // customer is deleted whole. Rows an older replica queued during a rolling upgrade have no customer_id: their
    // body names the customer (found through a small partial index)
    private static final String MESSAGES = """
            WITH named AS (
              SELECT id FROM segmentation.webhook_deliveries WHERE tenant_id = $1 AND customer_id = ANY($2)
              UNION
              SELECT id FROM segmentation.webhook_deliveries WHERE tenant_id = $1 AND customer_id IS NULL
                AND event_type <> 'model.trained' AND (body::jsonb #>> '{data,customer_id}') = ANY($2)
            ), attempts AS (
              DELETE FROM segmentation.webhook_attempts WHERE delivery_id IN (SELECT id FROM named) RETURNING 1
            ), deliveries AS (
              DELETE FROM segmentation.webhook_deliveries WHERE id IN (SELECT id FROM named) RETURNING 1
            )
            SELECT (SELECT count(*) FROM deliveries) AS webhook_deliveries,
              (SELECT count(*) FROM attempts) AS webhook_attempts
            """;
    private static final String RECORD = """
            INSERT INTO segmentation.privacy_erasures (request_id, tenant_id, counts, erased_at)
            VALUES ($1, $2, $3, clock_timestamp())""";
    private final Pool pool;

    public CustomerErasure(Pool pool) {
        this.pool = pool;
    }

    /** Erases the customers of the request's tenant; answers rows erased per table. */
    public Uni<Map<String, Long>> erase(UUID request, String tenant, List<String> customers) {
        String[] ids = customers.stream().distinct().toArray(String[]::new);
        String[] hashes = customers.stream().distinct().map(c -> ErasureGuards.hash(tenant, c)).toArray(String[]::new);
        return pool.withTransaction(db -> SegmentEvaluator.lock(db, tenant)
                .chain(() -> ErasureGuards.lockForErase(db, tenant))
                .chain(() -> db.preparedQuery(DONE).execute(Tuple.of(request)))
                .chain(done -> done.size() > 0
                        ? Uni.createFrom().item(counts(done.iterator().next().getJsonObject("counts")))
                                .invoke(counts -> LOG.infof("Erase %s was carried out before (%s); nothing more is "
                                        + "erased", request, counts))
                        : erase(db, request, tenant, ids, hashes).invoke(counts -> LOG.infof(
                                "Erase %s of tenant %s: %s", request, tenant, counts))));
    }

    private Uni<Map<String, Long>> erase(SqlConnection db, UUID request, String tenant, String[] ids,
            String[] hashes) {
        Map<String, Long> counts = new LinkedHashMap<>();
        Tuple customers = Tuple.tuple().addString(tenant).addArrayOfString(ids);
        return db.preparedQuery(GUARD).execute(Tuple.tuple().addString(tenant).addArrayOfString(hashes))
                .invoke(rows -> counts.put("erased_customers", (long) rows.rowCount()))
                .chain(() -> db.preparedQuery(CUSTOMER_ROWS).execute(customers))
                .invoke(rows -> add(counts, rows.iterator().next()))
                .chain(() -> db.preparedQuery(MESSAGES).execute(customers))
                .invoke(rows -> add(counts, rows.iterator().next()))
                .chain(() -> db.preparedQuery(RECORD).execute(Tuple.of(request, tenant, JsonObject.mapFrom(counts))))
                .replaceWith(counts);
    }

    private static void add(Map<String, Long> counts, Row row) {
        for (int i = 0; i < row.size(); i++) {
            counts.put(row.getColumnName(i), row.getLong(i));
        }
    }

    private static Map<String, Long> counts(JsonObject stored) {
        Map<String, Long> counts = new LinkedHashMap<>();
        stored.forEach(e -> counts.put(e.getKey(), ((Number) e.getValue()).longValue()));
        return counts;
    }
}
