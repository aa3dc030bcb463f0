package dev.clv.segmentation.segment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.clv.segmentation.criteria.ParsedCriteria;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** The tenant's segment definitions. */
@ApplicationScoped
public class SegmentRepository {
    private static final String COLUMNS = """
            s.id, s.name, s.description, s.criteria::text AS criteria, s.time_relative, s.created_at, s.updated_at, s.evaluated_at,
            (SELECT count(*) FROM segmentation.memberships m WHERE m.segment_id = s.id AND m.exited_at IS NULL)
              AS members, e.status, e.customers_done, e.customers_total, e.requested_at, e.started_at, e.finished_at,
              e.entered, e.exited, e.last_error""";
    private static final String FROM = " FROM segmentation.segments s LEFT JOIN segmentation.segment_evaluations e "
            + "ON e.segment_id = s.id";
    private final Pool pool;
    private final ObjectMapper mapper;

    public SegmentRepository(Pool pool, ObjectMapper mapper) {
        this.pool = pool;
        this.mapper = mapper;
    }

    public Uni<List<Segment>> list(String tenant) {
        return pool.preparedQuery("SELECT " + COLUMNS + FROM + " WHERE s.tenant_id = $1 "
                + "ORDER BY s.name LIMIT 1000").execute(Tuple.of(tenant))
                .map(rows -> rows.stream().map(this::segment).toList());
    }

    public Uni<Segment> find(SqlClient db, String tenant, UUID id) {
        return db.preparedQuery("SELECT " + COLUMNS + FROM + " WHERE s.tenant_id = $1 "
                + "AND s.id = $2").execute(Tuple.of(tenant, id))
                .map(rows -> rows.size() == 0 ? null : segment(rows.iterator().next()));
    }

    /** Inserts or replaces; false when a replaced segment does not exist. A taken name is a unique violation. */
    public Uni<Boolean> save(SqlClient db, String tenant, UUID id, String name, String description, JsonNode criteria,
            ParsedCriteria parsed, boolean insert) {
        Tuple values = Tuple.tuple().addUUID(id).addString(tenant).addString(name).addString(description)
                .addString(criteria.toString())
                .addArrayOfUUID(parsed.dependencies().toArray(UUID[]::new)).addBoolean(parsed.timeRelative())
                .addBoolean(parsed.usesRfm());
        String sql = insert
                ? """
                        INSERT INTO segmentation.segments (id, tenant_id, name, description, criteria, depends_on,
                          time_relative, uses_rfm) VALUES ($1, $2, $3, $4, ($5::text)::jsonb, $6, $7, $8)"""
                : """
                        UPDATE segmentation.segments SET name = $3, description = $4, criteria = ($5::text)::jsonb, depends_on = $6,
                          time_relative = $7, uses_rfm = $8, updated_at = now() WHERE id = $1 AND tenant_id = $2""";
        return db.preparedQuery(sql).execute(values).map(rows -> rows.rowCount() == 1);
    }

    /** Names of the tenant's segments whose criteria read {@code id}. */
    public Uni<List<String>> dependents(SqlClient db, String tenant, UUID id) {
        return db.preparedQuery("SELECT name FROM segmentation.segments WHERE tenant_id = $1 AND $2 = ANY(depends_on) "
                + "ORDER BY name").execute(Tuple.of(tenant, id))
                .map(rows -> rows.stream().map(r -> r.getString("name")).toList());
    }

    public Uni<Boolean> delete(SqlClient db, String tenant, UUID id) {
        return db.preparedQuery("DELETE FROM segmentation.segments WHERE tenant_id = $1 AND id = $2")
                .execute(Tuple.of(tenant, id)).map(rows -> rows.rowCount() == 1);
    }

    private JsonNode json(String text) {
        try {
            return mapper.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Segment segment(Row r) {
        return new Segment(r.getUUID("id"), r.getString("name"), r.getString("description"),
                json(r.getString("criteria")), r.getBoolean("time_relative"),
                r.getLong("members"), r.getOffsetDateTime("created_at"), r.getOffsetDateTime("updated_at"),
                r.getOffsetDateTime("evaluated_at"), evaluation(r));
    }

    private static Evaluation evaluation(Row r) {
        if (r.getString("status") == null) {
            return null;
        }
        long done = r.getLong("customers_done");
        long total = r.getLong("customers_total");
        boolean finished = Evaluation.DONE.equals(r.getString("status"));
        double progress = finished ? 1.0 : total == 0 ? 0.0 : Math.min(0.99, (double) done / total);
        return new Evaluation(r.getString("status"), done, total, progress, r.getOffsetDateTime("requested_at"),
                r.getOffsetDateTime("started_at"), r.getOffsetDateTime("finished_at"), r.getLong("entered"),
                r.getLong("exited"), r.getString("last_error"));
    }
}
