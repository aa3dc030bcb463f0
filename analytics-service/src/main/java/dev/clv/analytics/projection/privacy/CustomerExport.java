package dev.clv.analytics.projection.privacy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.clv.contracts.event.EventJson;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.sqlclient.data.Numeric;

/**
 * Everything analytics holds about customers of a tenant, by section (one per per-customer table), each row with
 * its {@code customer_id} and JSON-friendly values: instants and decimals as exact strings, JSON as maps.
 */
@ApplicationScoped
public class CustomerExport {
    /** Section name, table and row order; every table of {@link CustomerErasure#TABLES}. */
    static final List<String[]> SECTIONS = List.of(new String[]{"profile", "customers", "customer_id"},
            new String[]{"transactions", "transactions", "customer_id, transaction_date, transaction_id"},
            new String[]{"interactions", "interactions", "customer_id, interaction_date, interaction_id"},
            new String[]{"events", "events", "customer_id, occurred_at, event_id"},
            new String[]{"metrics", "customer_metrics", "customer_id"},
            new String[]{"days", "customer_days", "customer_id, day"},
            new String[]{"months", "customer_months", "customer_id, month"},
            new String[]{"categories", "customer_categories", "customer_id, category"},
            new String[]{"product_months", "customer_product_months", "customer_id, product_id, month"},
            new String[]{"scores", "customer_scores", "customer_id"},
            new String[]{"segments", "customer_segments", "customer_id"});
    private final Pool pool;

    public CustomerExport(@ReactiveDataSource("projection") Pool pool) {
        this.pool = pool;
    }

    /** The sections that hold rows, in the order above. */
    public Uni<Map<String, List<Map<String, Object>>>> export(String tenant, List<String> customers) {
        Tuple args = Tuple.tuple().addString(tenant).addArrayOfString(customers.stream().distinct()
                .toArray(String[]::new));
        Map<String, List<Map<String, Object>>> out = new LinkedHashMap<>();
        // one snapshot for every section, so they agree with each other
        return pool.withTransaction(conn -> conn.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                .execute().chain(() -> Multi.createFrom().iterable(SECTIONS).onItem()
                        .transformToUniAndConcatenate(s -> conn.preparedQuery("SELECT * FROM analytics." + s[1]
                                + " WHERE tenant_id = $1 AND customer_id = ANY($2) ORDER BY " + s[2]).execute(args)
                                .invoke(rows -> {
                                    List<Map<String, Object>> section = new ArrayList<>();
                                    rows.forEach(r -> section.add(row(r)));
                                    if (!section.isEmpty()) {
                                        out.put(s[0], section);
                                    }
                                }))
                        .collect().last()))
                .replaceWith(out);
    }

    // the tenant is the request's: a row carries only what is the customer's
    private static Map<String, Object> row(Row r) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < r.size(); i++) {
            String column = r.getColumnName(i);
            if (!column.equals("tenant_id")) {
                row.put(column, value(r.getValue(i)));
            }
        }
        return row;
    }

    static Object value(Object v) {
        if (v instanceof OffsetDateTime t) {
            return t.toInstant().toString();
        }
        if (v instanceof LocalDate d) {
            return d.toString();
        }
        if (v instanceof Numeric n) {
            // NaN has no BigDecimal
            return n.bigDecimalValue() == null ? n.toString() : n.bigDecimalValue().toPlainString();
        }
        if (v instanceof BigDecimal b) {
            return b.toPlainString();
        }
        if (v instanceof JsonObject || v instanceof JsonArray) {
            return EventJson.read(v.toString().getBytes(StandardCharsets.UTF_8), Object.class);
        }
        if (v instanceof Object[] array) {
            return Arrays.stream(array).map(CustomerExport::value).toList();
        }
        return v;
    }
}
