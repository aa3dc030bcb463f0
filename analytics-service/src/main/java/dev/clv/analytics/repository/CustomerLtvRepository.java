package dev.clv.analytics.repository;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Reads lifetime value per customer from the maintained aggregate, never from the raw transactions. */
@ApplicationScoped
public class CustomerLtvRepository {
    private static final String QUERY = """
            SELECT customer_id, ltv, transaction_count FROM analytics.customer_metrics
            WHERE tenant_id = $1 ORDER BY ltv DESC, customer_id LIMIT $2
            """;
    private final Pool pool;

    public CustomerLtvRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<List<Map<String, Object>>> topByLtv(String tenant, int limit) {
        return pool.preparedQuery(QUERY).execute(Tuple.of(tenant, limit)).map(rows -> {
            List<Map<String, Object>> data = new ArrayList<>(rows.size());
            for (Row row : rows) {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("customer_id", row.getString("customer_id"));
                item.put("ltv", row.getBigDecimal("ltv"));
                item.put("transaction_count", row.getLong("transaction_count"));
                data.add(item);
            }
            return data;
        });
    }
}
