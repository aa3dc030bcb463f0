package dev.clv.segmentation.privacy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * What the segmentation schema holds about customers, as export sections of JSON rows, each naming its
 * {@code customer_id}: their state, every stay in a segment, their current memberships and the webhook messages
 * naming them. Instants are ISO 8601 in UTC; read in one snapshot, so the sections agree with one another.
 */
@ApplicationScoped
public class CustomerExport {
    // each statement answers one JSON text per row: $1 tenant, $2 customer ids
    private static final Map<String, String> SECTIONS = sections();
    private static final TypeReference<Map<String, Object>> ROW = new TypeReference<>() {
    };
    private final Pool pool;
    private final ObjectMapper mapper;

    public CustomerExport(Pool pool, ObjectMapper mapper) {
        this.pool = pool;
        this.mapper = mapper;
    }

    private static Map<String, String> sections() {
        Map<String, String> sql = new LinkedHashMap<>();
        sql.put("customer_state", """
                SELECT (to_jsonb(c) - 'tenant_id')::text AS row FROM segmentation.customer_state c
                WHERE c.tenant_id = $1 AND c.customer_id = ANY($2) ORDER BY c.customer_id""");
        sql.put("segment_stays", """
                SELECT json_build_object('customer_id', m.customer_id, 'segment_id', m.segment_id,
                  'segment_name', s.name, 'entered_at', segmentation.iso(m.entered_at),
                  'exited_at', segmentation.iso(m.exited_at))::text AS row
                FROM segmentation.memberships m JOIN segmentation.segments s ON s.id = m.segment_id
                WHERE m.tenant_id = $1 AND m.customer_id = ANY($2) ORDER BY m.customer_id, m.entered_at, m.id""");
        sql.put("memberships", """
                SELECT json_build_object('customer_id', m.customer_id, 'segment_id', m.segment_id,
                  'segment_name', s.name, 'entered_at', segmentation.iso(m.entered_at))::text AS row
                FROM segmentation.memberships m JOIN segmentation.segments s ON s.id = m.segment_id
                WHERE m.tenant_id = $1 AND m.customer_id = ANY($2) AND m.exited_at IS NULL
                ORDER BY m.customer_id, s.name""");
        // as the erase finds them: by customer_id, or by the body of a message an older replica queued without it
        sql.put("webhook_deliveries", """
                SELECT json_build_object('customer_id', d.named, 'id', d.id, 'webhook_id', d.webhook_id,
                  'event_type', d.event_type, 'status', d.status, 'attempts', d.attempts,
                  'created_at', segmentation.iso(d.created_at), 'finished_at', segmentation.iso(d.finished_at),
                  'payload', d.body::json)::text AS row
                FROM (SELECT x.*, coalesce(x.customer_id, CASE WHEN x.event_type <> 'model.trained'
                  THEN x.body::jsonb #>> '{data,customer_id}' END) AS named
                  FROM segmentation.webhook_deliveries x WHERE x.tenant_id = $1
                    AND (x.customer_id = ANY($2) OR x.customer_id IS NULL AND x.event_type <> 'model.trained')) d
                WHERE d.named = ANY($2) ORDER BY d.named, d.created_at, d.id""");
        return sql;
    }

    /** Each section's rows about these customers of the tenant (a section with none is empty). */
    public Uni<Map<String, List<Map<String, Object>>>> export(String tenant, List<String> customers) {
        Tuple args = Tuple.tuple().addString(tenant).addArrayOfString(customers.stream().distinct()
                .toArray(String[]::new));
        Map<String, List<Map<String, Object>>> out = new LinkedHashMap<>();
        return pool.withTransaction(db -> read(db, args, out, List.copyOf(SECTIONS.keySet()), 0))
                .replaceWith(out);
    }

    // one section after another on the transaction's connection (REPEATABLE READ: one snapshot for all)
    private Uni<Void> read(SqlConnection db, Tuple args, Map<String, List<Map<String, Object>>> out,
            List<String> names, int next) {
        if (next == names.size()) {
            return Uni.createFrom().voidItem();
        }
        String name = names.get(next);
        Uni<Void> first = next == 0
                ? db.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY").execute().replaceWithVoid()
                : Uni.createFrom().voidItem();
        return first.chain(() -> db.preparedQuery(SECTIONS.get(name)).execute(args))
                .invoke(rows -> out.put(name, rows.stream().map(r -> parse(r.getString("row"))).toList()))
                .chain(() -> read(db, args, out, names, next + 1));
    }

    private Map<String, Object> parse(String json) {
        try {
            return mapper.readValue(json, ROW);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("PostgreSQL wrote JSON this reader cannot read", e);
        }
    }
}
