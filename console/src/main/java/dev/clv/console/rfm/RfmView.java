package dev.clv.console.rfm;

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
 * {@code /app/rfm}: the RFM grid on the range's last day (customers per recency and frequency score), a cell's
 * customers when {@code r} and {@code f} are given (clicking a cell), from the RFM pipe over the same day.
 */
@ApplicationScoped
public class RfmView implements ConsoleView {
    static final int MAX_CUSTOMERS = 10_000;
    private static final Set<String> SCORES = Set.of("1", "2", "3", "4", "5");

    @Override
    public String name() {
        return "rfm";
    }

    @Override
    public Uni<Report> report(PlatformApi api, ViewParams view, Map<String, String> query) {
        String r = query.get("r");
        String f = query.get("f");
        if ((r != null && !SCORES.contains(r)) || (f != null && !SCORES.contains(f))) {
            throw new ViewParams.BadView(r != null && !SCORES.contains(r) ? "r" : "f", "must be a score from 1 to 5");
        }
        Uni<JsonNode> grid = api.get("/v1/finance/rfm-segmentation" + view.asOf("reference_date"));
        return grid.flatMap(g -> {
            String segment = segmentOf(g, r, f);
            if (segment == null) {
                return Uni.createFrom().item(report(view, g, null, r, f));
            }
            // the range ending today: one segment of the RFM over all time, which the platform reads from the
            // tenant's RFM table (an index range); a range ending earlier is ranked live as of its last day
            String asOf = view.asOf("end_date");
            return api.get("/v0/pipes/customer_segmentation.json" + (asOf.isEmpty() ? "?" : asOf + "&")
                    + "segment_filter=" + ViewParams.encode(segment) + "&limit=" + MAX_CUSTOMERS).map(
                            c -> report(
                                    view, g, c, r, f));
        });
    }

    private static String segmentOf(JsonNode grid, String r, String f) {
        if (r == null || f == null) {
            return null;
        }
        for (JsonNode cell : grid.path("data")) {
            if (cell.path("r_score").asText().equals(r) && cell.path("f_score").asText().equals(f)) {
                return cell.path("segment").asText();
            }
        }
        return null;
    }

    static Report report(ViewParams view, JsonNode grid, JsonNode customers, String r, String f) {
        List<String> x = List.of("1", "2", "3", "4", "5");
        List<String> y = List.of("5", "4", "3", "2", "1");
        List<Chart.Series> rows = new ArrayList<>();
        List<List<Object>> cells = new ArrayList<>();
        for (String rs : y) {
            List<BigDecimal> values = new ArrayList<>();
            for (String fs : x) {
                JsonNode cell = null;
                for (JsonNode c : grid.path("data")) {
                    if (c.path("r_score").asText().equals(rs) && c.path("f_score").asText().equals(fs)) {
                        cell = c;
                    }
                }
                values.add(cell == null ? null : BigDecimal.valueOf(cell.path("customers").asLong()));
                if (cell != null) {
                    cells.add(List.of(Long.parseLong(rs), Long.parseLong(fs), cell.path("segment").asText(),
                            cell.path("customers").asLong(), cell.path("avg_recency_days").decimalValue(),
                            cell.path("avg_frequency").decimalValue(), cell.path("avg_monetary").decimalValue(),
                            cell.path("total_monetary").decimalValue()));
                }
            }
            rows.add(new Chart.Series("R " + rs, "heatmap", values));
        }
        Chart heat = Chart.heatmap("rfm-grid", "Customers by recency (R) and frequency (F) score", "customers", x, y,
                rows, "/app/rfm?" + view.query() + "&r={y}&f={x}");
        List<Table> tables = new ArrayList<>();
        tables.add(new Table("cells", "RFM cells", List.of(Table.Column.number("R"), Table.Column.number("F"),
                Table.Column.text("Segment"), Table.Column.number("Customers"), Table.Column.number(
                        "Mean recency (days)"),
                Table.Column.number("Mean purchases"), Table.Column.number("Mean net revenue"), Table.Column.number(
                        "Net revenue")),
                cells, null));
        if (customers != null) {
            tables.add(0, cellCustomers(customers, r, f));
        }
        return new Report("rfm", "RFM grid", Filters.of(view, "scored on " + view.to(), "R", r, "F", f), List.of(),
                List.of(heat), tables, List.of(), cells.isEmpty(), "No customer bought by " + view.to() + ".");
    }

    private static Table cellCustomers(JsonNode answer, String r, String f) {
        List<List<Object>> rows = new ArrayList<>();
        List<String> links = new ArrayList<>();
        for (JsonNode c : answer.path("data")) {
            if (c.path("r_score").asText().equals(r) && c.path("f_score").asText().equals(f)) {
                rows.add(List.of(c.path("customer_id").asText(), c.path("recency_days").asLong(), c.path(
                        "frequency").asLong(), c.path("monetary").decimalValue(), c.path("rfm_score").asText()));
                links.add("/app/customers/" + ViewParams.encode(c.path("customer_id").asText()).replace("+", "%20"));
            }
        }
        return new Table("customers", "Customers with R " + r + " and F " + f, List.of(Table.Column.text("Customer"),
                Table.Column.number("Recency (days)"), Table.Column.number("Purchases"), Table.Column.number(
                        "Net revenue"),
                Table.Column.text("RFM score")), rows, links);
    }
}
