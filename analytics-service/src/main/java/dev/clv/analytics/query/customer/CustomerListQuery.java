package dev.clv.analytics.query.customer;

import java.math.BigDecimal;
import java.util.Map;

import dev.clv.analytics.query.pipe.CustomerFilter;
import dev.clv.analytics.query.answer.AnswerParams;
import dev.clv.analytics.query.answer.TimeWindow;
import dev.clv.contracts.problem.ProblemException;

/**
 * A validated /v1/customers request: filters, sort key and direction, page size and where the page starts. Each
 * sort key is an indexed expression, so every page is one index range scan whatever its depth.
 */
public record CustomerListQuery(CustomerFilter filter, BigDecimal minLtv, BigDecimal maxLtv, long minPurchases,
        String sort, boolean descending, int limit, java.util.List<String> after) {

    /** Sort name → (SQL expression, SQL type of its cursor value). */
    static final Map<String, String[]> SORTS = Map.of(
            "ltv", new String[]{"m.net_revenue", "numeric"},
            "purchase_count", new String[]{"m.purchase_count", "bigint"},
            "last_purchase_at", new String[]{"coalesce(m.last_purchase_at, '-infinity'::timestamptz)", "timestamptz"},
            "registration_date", new String[]{"coalesce(m.registration_date, '-infinity'::timestamptz)",
                    "timestamptz"},
            "customer_id", new String[]{"m.customer_id", "text"});

    public static CustomerListQuery of(String tenant, AnswerParams params) {
        // local days (or times) of the tenant's zone, as the pipes' start_date and end_date
        TimeWindow registered = params.window("registered_from", "registered_to");
        CustomerFilter filter = new CustomerFilter(tenant, registered.from(), registered.before(),
                params.text("country"), params.text("segment"),
                params.text("acquisition_source"), params.bool("is_active"));
        String sort = params.oneOf("sort", SORTS.keySet());
        sort = sort == null ? "ltv" : sort;
        String order = params.oneOf("order", java.util.Set.of("asc", "desc"));
        boolean descending = !"asc".equals(order);
        int limit = params.integer("limit", 50, 1, 1000);
        String token = params.query().getFirst("cursor");
        if (token != null && token.length() > 2000) {
            throw ProblemException.badRequest("cursor", "is not a cursor this listing handed out");
        }
        java.util.List<String> after = Cursor.decode(token, ordering(sort, descending), 2);
        return new CustomerListQuery(filter, params.decimal("min_ltv"), params.decimal("max_ltv"),
                params.integer("min_purchases", 0, 0, Integer.MAX_VALUE), sort, descending, limit, after);
    }

    static String ordering(String sort, boolean descending) {
        return sort + (descending ? ":desc" : ":asc");
    }
}
