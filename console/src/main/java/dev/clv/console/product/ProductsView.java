package dev.clv.console.product;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import dev.clv.console.api.PlatformApi;
import dev.clv.console.report.Chart;
import dev.clv.console.report.ConsoleView;
import dev.clv.console.report.Filters;
import dev.clv.console.report.Report;
import dev.clv.console.report.Table;
import dev.clv.console.view.ViewParams;
import io.smallrye.mutiny.Uni;

/**
 * {@code /app/products}: every product's sales, buyers, refunds, margin and lifecycle stage over the UTC months
 * that cover the range, optionally of one {@code category}, sorted as the API sorts; each row leads to the product.
 */
@ApplicationScoped
public class ProductsView implements ConsoleView {
    static final int PAGE = 1000;
    static final int MAX_PRODUCTS = 10_000;
    static final Set<String> SORTS = Set.of("net_revenue", "purchases", "buyers", "refund_total", "product_id");

    @Override
    public String name() {
        return "products";
    }

    @Override
    public int defaultDays() {
        return 365;
    }

    @Override
    public Uni<Report> report(PlatformApi api, ViewParams view, Map<String, String> query) {
        String sort = blank(query.get("sort")) ? "net_revenue" : query.get("sort").strip();
        if (!SORTS.contains(sort)) {
            throw new ViewParams.BadView("sort", "must be one of " + String.join(", ", new java.util.TreeSet<>(
                    SORTS)));
        }
        String category = blank(query.get("category")) ? null : query.get("category").strip();
        String base = "/v1/products?" + window(view) + "&sort=" + sort + "&limit=" + PAGE + (category == null
                ? ""
                : "&category=" + ViewParams.encode(category));
        return pages(api, base, null, new ArrayList<>()).map(all -> report(view, category, sort, all));
    }

    /** The API's months for the range: the rollups are per UTC month, so a date stands for its whole month. */
    static String window(ViewParams view) {
        return "from=" + view.from() + "&to=" + view.to();
    }

    // every page, cursor after cursor, up to MAX_PRODUCTS (said on the page when reached)
    private static Uni<List<JsonNode>> pages(PlatformApi api, String base, String cursor, List<JsonNode> all) {
        return api.get(base + (cursor == null ? "" : "&cursor=" + ViewParams.encode(cursor))).flatMap(page -> {
            page.path("data").forEach(all::add);
            String next = page.path("next_cursor").asText(null);
            return next == null || all.size() >= MAX_PRODUCTS
                    ? Uni.createFrom().item(all)
                    : pages(api, base, next, all);
        });
    }

    static Report report(ViewParams view, String category, String sort, List<JsonNode> products) {
        List<List<Object>> rows = new ArrayList<>();
        List<String> links = new ArrayList<>();
        for (JsonNode p : products) {
            rows.add(ProductRows.summary(p));
            links.add("/app/products/" + ProductRows.path(p.path("product_id").asText()) + "?" + view.query());
        }
        List<JsonNode> top = products.stream().limit(15).toList();
        Chart chart = Chart.series("products-chart", "Net revenue and refunds, first " + top.size(), "", top.stream()
                .map(p -> p.path("product_id").asText()).toList(),
                List.of(
                        new Chart.Series("Net revenue", "bar", top.stream().map(p -> p.path("net_revenue")
                                .decimalValue()).toList()),
                        new Chart.Series("Refunds", "bar", top.stream().map(p -> p.path("refund_total")
                                .decimalValue()).toList())));
        List<String> notes = new ArrayList<>();
        notes.add("Products are summed by whole UTC months: " + view.from().withDayOfMonth(1) + " to the end of "
                + view.to().getMonth() + " " + view.to().getYear() + ". Money is in the transactions' currency.");
        if (products.size() >= MAX_PRODUCTS) {
            notes.add("Only the first " + MAX_PRODUCTS + " products are listed: pick a category.");
        }
        Table table = new Table("products", "Products", ProductRows.SUMMARY, rows, links);
        return new Report("products", "Products", Filters.of(view, "", "Category", category, "Sorted by", sort),
                List.of(), top.isEmpty() ? List.of() : List.of(chart), List.of(table), notes, rows.isEmpty(),
                "No product sold in this range" + (category == null ? "" : " in " + category) + ".");
    }

    static BigDecimal decimal(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode() ? null : n.decimalValue();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
