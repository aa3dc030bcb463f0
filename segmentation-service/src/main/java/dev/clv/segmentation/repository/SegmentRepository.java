package dev.clv.segmentation.repository;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.clv.segmentation.SegmentSummary;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** Reads the tenant's segments. */
@ApplicationScoped
public class SegmentRepository {
    private static final String LIST = """
            SELECT id, name, description, updated_at FROM segmentation.segments
            WHERE tenant_id = $1 ORDER BY name LIMIT 1000
            """;
    private final Pool pool;

    public SegmentRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<List<SegmentSummary>> list(String tenant) {
        return pool.preparedQuery(LIST).execute(Tuple.of(tenant))
                .map(rows -> rows.stream().map(r -> new SegmentSummary(r.getUUID("id"), r.getString("name"),
                        r.getString("description"), r.getOffsetDateTime("updated_at"))).toList());
    }
}
