package dev.clv.console.acquisition;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

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
 * {@code /app/acquisition}: acquisition quality — lifetime value by acquisition source, and every factor's values
 * (country, age band, channel of the first purchase…) with their lift over the mean. Without a range in the URL it
 * covers every customer (the tenant's snapshot, fast); with one, the customers registered in it (computed live).
 */
@ApplicationScoped
public class AcquisitionView implements ConsoleView {
    static final int MAX_GROUPS = 10_000;

    @Override
    public String name() {
        return "acquisition";
    }

    @Override
    public int defaultDays() {
        return 365;
    }

    @Override
    public Uni<Report> report(PlatformApi api, ViewParams view, Map<String, String> query) {
        boolean everyone = blank(query.get("from")) && blank(query.get("to"));
        String min = blank(query.get("min_customers")) ? null : query.get("min_customers").strip();
        if (min != null && !min.matches("\\d{1,7}")) {
            throw new ViewParams.BadView("min_customers", "must be a whole number such as 10");
        }
        // no parameter at all is the snapshot's answer; a limit alone would make it live
        String params = everyone && min == null
                ? ""
                : "?limit=" + MAX_GROUPS + (everyone ? "" : "&start_date=" + view.from() + "&end_date=" + view.to())
                        + (min == null ? "" : "&min_customers=" + min);
        return api.get("/v0/pipes/ltv_influencing_factors.json" + params).map(answer -> report(view, everyone,
                min, answer));
    }

    static Report report(ViewParams view, boolean everyone, String min, JsonNode answer) {
        List<JsonNode> groups = new ArrayList<>();
        answer.path("data").forEach(groups::add);
        groups.sort(Comparator.comparing((JsonNode g) -> g.path("factor").asText()).thenComparing(g -> lift(g),
                Comparator.nullsLast(Comparator.reverseOrder())));
        List<JsonNode> sources = groups.stream().filter(g -> "acquisition_source".equals(g.path("factor").asText()))
                .toList();
        Chart bySource = Chart.series("acquisition-sources", "Lifetime value by acquisition source", "",
                sources.stream().map(g -> g.path("value").asText()).toList(), List.of(
                        new Chart.Series("Mean LTV", "bar", sources.stream().map(g -> g.path("mean_ltv")
                                .decimalValue()).toList()),
                        new Chart.Series("Median LTV", "bar", sources.stream().map(g -> g.path("median_ltv")
                                .decimalValue()).toList())));
        List<JsonNode> top = groups.stream().filter(g -> lift(g) != null).sorted(Comparator.comparing(
                AcquisitionView::lift, Comparator.reverseOrder())).limit(15).toList();
        Chart lifts = Chart.series("acquisition-lift", "Highest lift (mean LTV ÷ overall mean)", "×", top.stream()
                .map(g -> g.path("factor").asText() + ": " + g.path("value").asText()).toList(),
                List.of(
                        new Chart.Series("Lift", "bar", top.stream().map(AcquisitionView::lift).toList())));
        List<List<Object>> rows = new ArrayList<>();
        for (JsonNode g : groups) {
            List<Object> row = new ArrayList<>();
            row.add(g.path("factor").asText());
            row.add(g.path("value").asText(""));
            row.add(g.path("customers").asLong());
            row.add(g.path("mean_ltv").decimalValue());
            row.add(g.path("median_ltv").decimalValue());
            row.add(lift(g));
            rows.add(row);
        }
        List<String> notes = new ArrayList<>();
        notes.add("Groups of fewer than " + (min == null ? "10" : min) + " customers are left out (min_customers).");
        if (groups.size() >= MAX_GROUPS) {
            notes.add("Only the first " + MAX_GROUPS + " groups are shown: raise min_customers.");
        }
        Table table = new Table("factors", "Lifetime value by factor", List.of(Table.Column.text("Factor"),
                Table.Column.text("Value"), Table.Column.number("Customers"), Table.Column.number("Mean LTV"),
                Table.Column.number("Median LTV"), Table.Column.number("Lift")), rows, null);
        List<Report.Filter> filters = everyone
                ? List.of(new Report.Filter("Customers", "all, whenever registered"), new Report.Filter("Time zone",
                        view.zone().getId()))
                : Filters.of(view, "customers registered in it");
        return new Report("acquisition", "Acquisition quality", filters, List.of(), sources.isEmpty()
                ? List.of(lifts)
                : List.of(bySource, lifts), List.of(table), notes, rows.isEmpty(),
                "No group has enough customers: pick a longer range or a lower min_customers.");
    }

    private static BigDecimal lift(JsonNode g) {
        return g.path("lift").isNull() || g.path("lift").isMissingNode() ? null : g.path("lift").decimalValue();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
