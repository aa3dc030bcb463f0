package dev.clv.analytics.query.pipe;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MultivaluedMap;

import dev.clv.analytics.query.snapshot.SnapshotTable;
import dev.clv.contracts.tenant.TenantSettingsResolver;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Every buyer's RFM over all time as of the tenant's day (customer_segmentation without parameters, unlimited),
 * kept as a table with the tenant's snapshots (V20), so that one segment's customers are an index range: asked with
 * segment_filter (and limit) only, customer_segmentation reads it instead of ranking every buyer again.
 */
@ApplicationScoped
public class RfmSnapshot implements SnapshotTable {
    static final String NAME = "table:rfm_snapshots";
    private static final Set<String> SERVED = Set.of("segment_filter", "limit");
    private static final String INSERT = "INSERT INTO analytics.rfm_snapshots SELECT $1, x.* FROM ("
            + CustomerSegmentationPipe.ALL_TIME_SQL + ") x";
    private static final String READ = """
            SELECT customer_id, recency_days, frequency, monetary, r, f, m, rfm_score, segment
            FROM analytics.rfm_snapshots WHERE tenant_id = $1 AND segment = $2
            ORDER BY r DESC, f DESC, m DESC, customer_id LIMIT $3
            """;
    private final Pool pool;
    private final TenantSettingsResolver tenants;

    public RfmSnapshot(Pool pool, TenantSettingsResolver tenants) {
        this.pool = pool;
        this.tenants = tenants;
    }

    /** Whether a query of customer_segmentation is one this table answers: a segment_filter, perhaps a limit. */
    static boolean serves(MultivaluedMap<String, String> query) {
        return query.containsKey("segment_filter") && SERVED.containsAll(query.keySet());
    }

    @Override
    public String snapshotName() {
        return NAME;
    }

    @Override
    public Uni<Long> replace(SqlConnection conn, String tenant) {
        var zone = tenants.of(tenant).timeZone();
        Tuple args = CustomerSegmentationPipe.args(tenant, null, 1, null, null, LocalDate.now(zone),
                Integer.MAX_VALUE, zone);
        return conn.preparedQuery("DELETE FROM analytics.rfm_snapshots WHERE tenant_id = $1").execute(Tuple.of(
                tenant)).chain(() -> conn.preparedQuery(INSERT).execute(args)).map(r -> (long) r.rowCount());
    }

    /** One segment's rows in the pipe's order, at most {@code limit}. */
    Uni<List<List<Object>>> read(String tenant, String segment, int limit) {
        return pool.preparedQuery(READ).execute(Tuple.of(tenant, segment, limit)).map(Rows::of);
    }
}
