package dev.clv.console.product;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import dev.clv.console.api.PlatformApi;
import dev.clv.console.report.Chart;
import dev.clv.console.report.ConsoleView;
import dev.clv.console.report.Filters;
import dev.clv.console.report.Kpi;
import dev.clv.console.report.Report;
import dev.clv.console.report.Table;
import dev.clv.console.view.ViewParams;
import io.smallrye.mutiny.Uni;

/**
 * {@code /app/products/{id}}: one product over the UTC months covering the range, against as many months just
 * before: its figures, lifecycle stage, and purchases, buyers and money month by month.
 */
@ApplicationScoped
public class ProductView implements ConsoleView {

    @Override
    public String name() {
        return "product";
    }

    @Override
    public int defaultDays() {
        return 365;
    }

    @Override
    public Uni<Report> report(PlatformApi api, ViewParams view, Map<String, String> query) {
        String id = query.get("id");
        YearMonth from = YearMonth.from(view.from());
        YearMonth to = YearMonth.from(view.to());
        long months = ChronoUnit.MONTHS.between(from, to) + 1;
        String path = "/v1/products/" + ProductRows.path(id);
        // side by side: two answers of one product each, within the tenant's two heavy answers at once
        return Uni.combine().all().unis(api.get(path + "?from=" + from + "&to=" + to), api.get(path + "?from=" + from
                .minusMonths(months) + "&to=" + from.minusMonths(1))).with((now, before) -> report(view, id, from,
                        to, now.path("data"), before.path("data")));
    }

    static Report report(ViewParams view, String id, YearMonth from, YearMonth to, JsonNode p, JsonNode before) {
        List<Kpi> kpis = List.of(
                kpi("net-revenue", "Net revenue", p, before, "net_revenue", 2),
                kpi("purchases", "Purchases", p, before, "purchases", 0),
                kpi("buyers", "Buyers", p, before, "buyers", 0),
                kpi("repeat-buyers", "Repeat buyers", p, before, "repeat_buyers", 0),
                kpi("refunds", "Refunded", p, before, "refund_total", 2),
                kpi("margin", "Margin", p, before, "margin", 2));
        List<String> x = new ArrayList<>();
        List<BigDecimal> net = new ArrayList<>();
        List<BigDecimal> refunded = new ArrayList<>();
        List<BigDecimal> buyers = new ArrayList<>();
        List<List<Object>> rows = new ArrayList<>();
        for (JsonNode m : p.path("months")) {
            x.add(m.path("month").asText());
            net.add(m.path("net_revenue").decimalValue());
            refunded.add(m.path("refund_total").decimalValue());
            buyers.add(BigDecimal.valueOf(m.path("buyers").asLong()));
            rows.add(List.of(m.path("month").asText(), m.path("purchases").asLong(), m.path("buyers").asLong(),
                    m.path("gross_revenue").decimalValue(), m.path("refunds").asLong(), m.path("refund_total")
                            .decimalValue(),
                    m.path("net_revenue").decimalValue()));
        }
        List<Chart> charts = List.of(
                Chart.series("product-money", "Net revenue and refunds by month", "", x, List.of(
                        new Chart.Series("Net revenue", "bar", net), new Chart.Series("Refunds", "bar", refunded))),
                Chart.series("product-buyers", "Buyers by month", "customers", x, List.of(new Chart.Series(
                        "Buyers", "line", buyers))));
        Table summary = new Table("product", "The product", ProductRows.SUMMARY, List.of(ProductRows.summary(p)),
                null);
        Table monthly = new Table("months", "By month", List.of(Table.Column.text("Month"), Table.Column.number(
                "Purchases"), Table.Column.number("Buyers"), Table.Column.number("Gross revenue"),
                Table.Column.number("Refunds"), Table.Column.number("Refunded"), Table.Column.number(
                        "Net revenue")),
                rows, null);
        List<String> notes = List.of("Lifecycle stage: " + p.path("lifecycle_stage").asText("–") + ", as of "
                + p.path("reference_month").asText("–") + " (see the definitions in the docs). Months are UTC "
                + "months; figures are compared with the " + rows.size() + " months before.");
        String name = p.path("name").asText("");
        return new Report("products/" + ProductRows.path(id), name.isEmpty()
                ? "Product " + id
                : name + " (" + id
                        + ")",
                Filters.of(view, "months " + from + " to " + to, "Product", id), kpis, charts, List.of(
                        monthly, summary),
                notes, p.path("purchases").asLong() == 0 && p.path("refunds")
                        .asLong() == 0,
                "This product sold nothing from " + from + " to " + to + ": pick another range.");
    }

    private static Kpi kpi(String kpiId, String label, JsonNode now, JsonNode before, String field, int scale) {
        return new Kpi(kpiId, label, ProductsView.decimal(now.get(field)), ProductsView.decimal(before.get(field)),
                scale, "");
    }
}
