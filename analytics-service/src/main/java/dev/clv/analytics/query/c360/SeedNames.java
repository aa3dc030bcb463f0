package dev.clv.analytics.query.c360;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Customer 360 API's (seed 002) names for our row members, added next to ours so that its clients and ours both
 * read the rows unchanged: customers → customer_count, avg_ltv → avg_lifetime_value, total_ltv → total_revenue
 * (net revenue, as ltv), segment → customer_segment, status → customer_status. A row that already has the seed's
 * name keeps its own value.
 */
final class SeedNames {
    private static final Map<String, String> ALIASES = Map.of("customers", "customer_count", "avg_ltv",
            "avg_lifetime_value", "total_ltv", "total_revenue", "segment", "customer_segment", "status",
            "customer_status");

    private SeedNames() {
    }

    /** {@code data} with the aliases added to each row, when it is a list of rows; anything else as it is. */
    static Object add(Object data) {
        if (!(data instanceof List<?> rows)) {
            return data;
        }
        return rows.stream().map(row -> row instanceof Map<?, ?> map ? named(map) : row).toList();
    }

    private static Map<String, Object> named(Map<?, ?> row) {
        Map<String, Object> out = new LinkedHashMap<>();
        row.forEach((k, v) -> {
            out.put((String) k, v);
            String alias = ALIASES.get(k);
            if (alias != null && !row.containsKey(alias)) {
                out.put(alias, v);
            }
        });
        return out;
    }
}
