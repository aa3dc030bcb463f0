package dev.clv.prediction.registry;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.clv.prediction.ModelType;
import dev.clv.prediction.TimeUnit;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** The tenant's model registry: versions, the one active model per type, activation and rollback. */
@ApplicationScoped
public class ModelRepository {
    private static final String COLUMNS = "id, tenant_id, model_type, version, status, parameters, artifacts, onnx, "
            + "calibration_end, holdout_end, time_unit, features, diagnostics, performance, created_at, activated_at";
    private static final String LIST = """
            SELECT id, model_type, version, status, calibration_end, holdout_end, created_at, activated_at
            FROM prediction.models WHERE tenant_id = $1 AND ($2::text IS NULL OR model_type = $2)
            ORDER BY created_at DESC LIMIT 500
            """;
    // the version is the next of the tenant's type; the first model of a type becomes active at once
    private static final String INSERT = """
            INSERT INTO prediction.models (id, tenant_id, model_type, version, status, parameters, artifacts, onnx,
              calibration_end, holdout_end, time_unit, features, diagnostics, performance, activated_at)
            SELECT $1, $2, $3, coalesce(max(version), 0) + 1,
              CASE WHEN bool_or(status = 'active') THEN 'ready' ELSE 'active' END, $4, $5, $6, $7, $8, $9, $10, $11,
              $12, CASE WHEN bool_or(status = 'active') THEN NULL ELSE now() END
            FROM prediction.models WHERE tenant_id = $2 AND model_type = $3
            RETURNING version, status
            """;
    private final Pool pool;

    public ModelRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<List<ModelSummary>> list(String tenant, String type) {
        return pool.preparedQuery(LIST).execute(Tuple.of(tenant, type)).map(rows -> rows.stream()
                .map(r -> new ModelSummary(r.getUUID("id"), r.getString("model_type"), r.getInteger("version"),
                        r.getString("status"), r.getLocalDate("calibration_end"), r.getLocalDate("holdout_end"),
                        r.getOffsetDateTime("created_at"), r.getOffsetDateTime("activated_at")))
                .toList());
    }

    public Uni<StoredModel> find(String tenant, UUID id) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM prediction.models WHERE tenant_id = $1 AND id = $2")
                .execute(Tuple.of(tenant, id)).map(rows -> rows.size() == 0 ? null : model(rows.iterator().next()));
    }

    /** The id of the tenant's active model of a type, or null. */
    public Uni<UUID> activeId(String tenant, ModelType type) {
        return pool.preparedQuery("SELECT id FROM prediction.models WHERE tenant_id = $1 AND model_type = $2 AND "
                + "status = 'active'").execute(Tuple.of(tenant, type.apiName()))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getUUID("id"));
    }

    /** Stores a trained model; answers it with its version and status. */
    public Uni<StoredModel> insert(StoredModel m) {
        Tuple values = Tuple.tuple().addUUID(m.id()).addString(m.tenantId()).addString(m.type().apiName())
                .addValue(json(m.parameters())).addValue(json(m.artifacts()))
                .addValue(m.onnx() == null ? null : io.vertx.core.buffer.Buffer.buffer(m.onnx()))
                .addLocalDate(m.calibrationEnd()).addLocalDate(m.holdoutEnd()).addString(m.timeUnit().apiName())
                .addValue(json(m.features())).addValue(json(m.diagnostics())).addValue(json(m.performance()));
        return pool.withTransaction(c -> c.preparedQuery("LOCK TABLE prediction.models IN SHARE ROW EXCLUSIVE MODE")
                .execute().chain(() -> c.preparedQuery(INSERT).execute(values)))
                .chain(() -> find(m.tenantId(), m.id()));
    }

    /** Makes a model the active one of its type (the previous active one becomes ready); false if unknown. */
    public Uni<Boolean> activate(String tenant, UUID id) {
        return pool.withTransaction(c -> c.preparedQuery("""
                SELECT model_type FROM prediction.models WHERE tenant_id = $1 AND id = $2 FOR UPDATE
                """).execute(Tuple.of(tenant, id)).chain(rows -> {
            if (rows.size() == 0) {
                return Uni.createFrom().item(false);
            }
            String type = rows.iterator().next().getString("model_type");
            return c.preparedQuery("""
                    UPDATE prediction.models SET status = 'ready'
                    WHERE tenant_id = $1 AND model_type = $2 AND status = 'active' AND id <> $3
                    """).execute(Tuple.of(tenant, type, id))
                    .chain(() -> c.preparedQuery("""
                            UPDATE prediction.models SET status = 'active', activated_at = now()
                            WHERE tenant_id = $1 AND id = $2
                            """).execute(Tuple.of(tenant, id)))
                    .replaceWith(true);
        }));
    }

    /** Tenants with an active model of the type, for scheduled scoring. */
    public Uni<List<String>> tenantsWithActive(ModelType type) {
        return pool.preparedQuery("SELECT tenant_id FROM prediction.models WHERE model_type = $1 AND "
                + "status = 'active'").execute(Tuple.of(type.apiName()))
                .map(rows -> rows.stream().map(r -> r.getString("tenant_id")).toList());
    }

    private static JsonObject json(Map<String, Object> map) {
        return map == null ? null : new JsonObject(map);
    }

    private static Map<String, Object> map(Row r, String column) {
        JsonObject json = r.getJsonObject(column);
        return json == null ? null : json.getMap();
    }

    private static StoredModel model(Row r) {
        io.vertx.mutiny.core.buffer.Buffer onnx = r.getBuffer("onnx");
        String unit = r.getString("time_unit");
        return new StoredModel(r.getUUID("id"), r.getString("tenant_id"), ModelType.parse(r.getString("model_type"),
                "model_type"), r.getInteger("version"), r.getString("status"), map(r, "parameters"),
                map(r, "artifacts"), onnx == null ? null : onnx.getBytes(), r.getLocalDate("calibration_end"),
                r.getLocalDate("holdout_end"), unit == null ? TimeUnit.DAYS : TimeUnit.parse(unit, "time_unit", false),
                map(r, "features"), map(r, "diagnostics"), map(r, "performance"), r.getOffsetDateTime("created_at"),
                r.getOffsetDateTime("activated_at"));
    }
}
