package dev.clv.prediction.repository;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.clv.prediction.ModelSummary;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/** Reads the tenant's model registry. */
@ApplicationScoped
public class ModelRepository {
    private static final String LIST = """
            SELECT id, model_type, version, status, created_at FROM prediction.models
            WHERE tenant_id = $1 AND ($2::text IS NULL OR model_type = $2) ORDER BY created_at DESC LIMIT 500
            """;
    private final Pool pool;

    public ModelRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<List<ModelSummary>> list(String tenant, String type) {
        return pool.preparedQuery(LIST).execute(Tuple.of(tenant, type)).map(ModelRepository::summaries);
    }

    private static List<ModelSummary> summaries(RowSet<Row> rows) {
        return rows.stream().map(r -> new ModelSummary(r.getUUID("id"), r.getString("model_type"),
                r.getInteger("version"), r.getString("status"), r.getOffsetDateTime("created_at"))).toList();
    }
}
