package dev.clv.console.cohort;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

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
 * {@code /app/cohorts}: the retention triangle of the customers registered in the range, by registration month and
 * months since (the share who bought in that month), as a heatmap whose cells lead to the cohort's customers.
 */
@ApplicationScoped
public class CohortsView implements ConsoleView {
    static final int MAX_ROWS = 10_000;

    @Override
    public String name() {
        return "cohorts";
    }

    @Override
    public int defaultDays() {
        return 365;
    }

    @Override
    public Uni<Report> report(PlatformApi api, ViewParams view, Map<String, String> query) {
        return api.get("/v0/pipes/customer_retention_analysis.json?" + view.wholeMonths() + "&limit="
                + MAX_ROWS).map(answer -> report(view, answer));
    }

    static Report report(ViewParams view, JsonNode answer) {
        Map<String, Map<Integer, JsonNode>> byCohort = new LinkedHashMap<>();
        TreeSet<Integer> months = new TreeSet<>();
        List<List<Object>> rows = new ArrayList<>();
        for (JsonNode r : answer.path("data")) {
            int k = r.path("months_since_registration").asInt();
            byCohort.computeIfAbsent(r.path("cohort").asText(), c -> new LinkedHashMap<>()).put(k, r);
            months.add(k);
            rows.add(List.of(r.path("cohort").asText(), (long) k, r.path("cohort_size").asLong(),
                    r.path("active_customers").asLong(), percent(r.path("retention_rate").decimalValue())));
        }
        List<String> x = months.stream().map(String::valueOf).toList();
        List<Chart.Series> cells = new ArrayList<>();
        byCohort.forEach((cohort, ks) -> cells.add(new Chart.Series(cohort, "heatmap", months.stream()
                .map(k -> ks.containsKey(k) ? percent(ks.get(k).path("retention_rate").decimalValue()) : null)
                .toList())));
        List<String> notes = new ArrayList<>();
        if (rows.size() >= MAX_ROWS) {
            notes.add("Only the first " + MAX_ROWS + " cohort months are shown: narrow the range.");
        }
        Chart heat = Chart.heatmap("cohort-heatmap", "Retention by months since registration (% who bought)", "%",
                x, List.copyOf(byCohort.keySet()), cells, "/app/customers?cohort={y}");
        Table table = new Table("cohorts", "Cohort retention", List.of(Table.Column.text("Cohort"),
                Table.Column.number("Months since registration"), Table.Column.number("Cohort size"),
                Table.Column.number("Active customers"), Table.Column.number("Retention %")), rows, null);
        return new Report("cohorts", "Cohort retention",
                Filters.of(view, "customers registered in its " + view.wholeMonthsNote()), List.of(),
                List.of(heat), List.of(table), notes, rows.isEmpty(),
                "No customer registered in this range. Pick a longer range above.");
    }

    private static BigDecimal percent(BigDecimal rate) {
        return rate.movePointRight(2).setScale(2, java.math.RoundingMode.HALF_UP);
    }
}
