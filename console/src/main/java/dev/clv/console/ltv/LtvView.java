package dev.clv.console.ltv;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
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
 * {@code /app/ltv}: lifetime value curves of the cohorts registered in the range — realised net revenue per customer
 * by months since registration — and, per cohort, realised against projected: the realised mean plus the mean
 * predicted CLV of the cohort's scored customers over the model's horizon.
 */
@ApplicationScoped
public class LtvView implements ConsoleView {
    static final int MAX_COHORTS = 1000;
    /** Curves drawn in the chart (the newest cohorts); the table holds every cohort. */
    static final int CURVES = 12;

    @Override
    public String name() {
        return "ltv";
    }

    @Override
    public int defaultDays() {
        return 730;
    }

    @Override
    public Uni<Report> report(PlatformApi api, ViewParams view, Map<String, String> query) {
        return api.get("/v0/pipes/ltv_by_cohort.json?" + view.wholeMonths() + "&predictions=true&limit=" + MAX_COHORTS)
                .map(answer -> report(view, answer));
    }

    /** One cohort's row: realised mean LTV per customer, and the mean prediction of its scored customers. */
    record CohortLtv(String cohort, long customers, BigDecimal avgLtv, long scored, BigDecimal predictedPerScored,
            BigDecimal projected, List<BigDecimal> curve) {

        static CohortLtv of(JsonNode r) {
            long customers = r.path("customers").asLong();
            List<BigDecimal> curve = new ArrayList<>();
            for (JsonNode total : r.path("cumulative_ltv")) {
                curve.add(total.decimalValue().divide(BigDecimal.valueOf(customers), 2, RoundingMode.HALF_UP));
            }
            long scored = r.path("scored_customers").asLong();
            BigDecimal predicted = scored == 0 || r.path("predicted_clv").isNull()
                    ? null
                    : r.path("predicted_clv").decimalValue().divide(BigDecimal.valueOf(scored), 2,
                            RoundingMode.HALF_UP);
            BigDecimal avg = r.path("avg_ltv").decimalValue();
            return new CohortLtv(r.path("cohort").asText(), customers, avg, scored, predicted, predicted == null
                    ? null
                    : avg.add(predicted), curve);
        }
    }

    static Report report(ViewParams view, JsonNode answer) {
        List<CohortLtv> cohorts = new ArrayList<>();
        answer.path("data").forEach(r -> cohorts.add(CohortLtv.of(r)));
        int longest = cohorts.stream().mapToInt(c -> c.curve().size()).max().orElse(0);
        List<String> months = new ArrayList<>();
        for (int k = 0; k < longest; k++) {
            months.add(String.valueOf(k));
        }
        List<CohortLtv> drawn = cohorts.subList(Math.max(0, cohorts.size() - CURVES), cohorts.size());
        List<Chart.Series> curves = drawn.stream().map(c -> new Chart.Series(c.cohort(), "line", c.curve()))
                .toList();
        Chart curveChart = Chart.series("ltv-curves", "Realised net revenue per customer by months since "
                + "registration", "", months, curves);
        Chart projected = Chart.series("ltv-projected", "Realised and projected lifetime value per customer", "",
                cohorts.stream().map(CohortLtv::cohort).toList(), List.of(
                        new Chart.Series("Realised", "bar", cohorts.stream().map(CohortLtv::avgLtv).toList()),
                        new Chart.Series("Projected (realised + predicted)", "line", cohorts.stream()
                                .map(CohortLtv::projected).toList())));
        List<List<Object>> rows = new ArrayList<>();
        for (CohortLtv c : cohorts) {
            List<Object> row = new ArrayList<>();
            row.add(c.cohort());
            row.add(c.customers());
            row.add(c.avgLtv());
            row.add(c.scored());
            row.add(c.predictedPerScored());
            row.add(c.projected());
            rows.add(row);
        }
        List<String> notes = new ArrayList<>();
        String horizon = horizon(answer);
        notes.add("Months are UTC calendar months. Projected = realised mean + the mean predicted CLV of the "
                + "cohort's scored customers" + (horizon == null ? "" : " over the next " + horizon + " months")
                + "; a cohort without scored customers has no projection (train and score a model).");
        if (cohorts.size() > CURVES) {
            notes.add("The curves chart draws the newest " + CURVES + " cohorts; the table has all "
                    + cohorts.size() + ".");
        }
        Table table = new Table("cohorts", "Lifetime value by cohort", List.of(Table.Column.text("Cohort"),
                Table.Column.number("Customers"), Table.Column.number("Realised LTV per customer"),
                Table.Column.number("Scored customers"), Table.Column.number("Predicted CLV per scored customer"),
                Table.Column.number("Projected LTV per customer")), rows, null);
        return new Report("ltv", "Lifetime value by cohort",
                Filters.of(view, "customers registered in its " + view.wholeMonthsNote()),
                List.of(), List.of(curveChart, projected), List.of(table), notes, rows.isEmpty(),
                "No customer registered in this range. Pick a longer range above.");
    }

    // the horizon every scored cohort shares, or null
    private static String horizon(JsonNode answer) {
        String shared = null;
        for (JsonNode r : answer.path("data")) {
            if (r.path("scored_customers").asLong() > 0) {
                String h = r.path("horizon_months").isNull() ? "?" : r.path("horizon_months").asText();
                if (shared != null && !shared.equals(h)) {
                    return null;
                }
                shared = h;
            }
        }
        return "?".equals(shared) ? null : shared;
    }
}
