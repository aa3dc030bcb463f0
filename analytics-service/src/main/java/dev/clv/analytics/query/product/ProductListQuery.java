package dev.clv.analytics.query.product;

import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.clv.analytics.query.answer.AnswerParams;
import dev.clv.analytics.query.customer.Cursor;
import dev.clv.contracts.problem.ProblemException;

/**
 * A validated /v1/products request: the window, a category, the sort key and direction, the page size and where
 * the page starts (the sort value and product id of the previous page's last row: a keyset cursor).
 */
public record ProductListQuery(ProductWindow window, String category, String sort, boolean descending, int limit,
        List<String> after) {

    /** Sort name → (column of the computed product row, SQL type of its cursor value). */
    static final Map<String, String[]> SORTS = Map.of(
            "net_revenue", new String[]{"net_revenue", "numeric"},
            "purchases", new String[]{"purchases", "bigint"},
            "buyers", new String[]{"buyers", "bigint"},
            "refund_total", new String[]{"refund_total", "numeric"},
            "product_id", new String[]{"product_id", "text"});

    static ProductListQuery of(AnswerParams params) {
        ProductWindow window = ProductWindow.of(params);
        String sort = params.oneOf("sort", SORTS.keySet());
        sort = sort == null ? "net_revenue" : sort;
        boolean descending = !"asc".equals(params.oneOf("order", Set.of("asc", "desc")));
        int limit = params.integer("limit", 50, 1, 1000);
        String token = params.query().getFirst("cursor");
        if (token != null && token.length() > 2000) {
            throw ProblemException.badRequest("cursor", "is not a cursor this listing handed out");
        }
        List<String> after = Cursor.decode(token, ordering(sort, descending), 2);
        return new ProductListQuery(window, params.text("category"), sort, descending, limit, after);
    }

    static String ordering(String sort, boolean descending) {
        return "products:" + sort + (descending ? ":desc" : ":asc");
    }
}
