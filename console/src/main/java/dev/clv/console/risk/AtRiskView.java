package dev.clv.console.risk;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
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
 * {@code /app/at-risk}: the most valuable customers who are At Risk or Churned on the range's last day, ranked by
 * value at risk = P(alive) × lifetime value (what is still there to win back; a customer the model has not scored
 * ranks by lifetime value alone, after the scored ones).
 */
@ApplicationScoped
public class AtRiskView implements ConsoleView {
    static final int CANDIDATES = 1000;

    @Override
    public String name() {
        return "at-risk";
    }

    @Override
    public Uni<Report> report(PlatformApi api, ViewParams view, Map<String, String> query) {
        String min = query.getOrDefault("min_value", null);
        if (min != null && !min.isBlank() && !min.strip().matches("\\d{1,12}(\\.\\d{1,2})?")) {
            throw new ViewParams.BadView("min_value", "must be an amount such as 100 or 99.50");
        }
        String minValue = min == null || min.isBlank() ? "0" : min.strip();
        return api.get("/v1/marketing/churn-risk-customers?reference_date=" + view.to() + "&limit=" + CANDIDATES
                + "&min_lifetime_value=" + minValue).map(answer -> report(view, minValue, answer));
    }

    /** One at-risk customer and their value at risk (null when not scored). */
    record AtRisk(String id, String status, BigDecimal ltv, Double pAlive, BigDecimal valueAtRisk,
            Instant lastPurchase, long recencyDays) {
    }

    static List<AtRisk> ranked(JsonNode answer) {
        List<AtRisk> all = new ArrayList<>();
        for (JsonNode c : answer.path("data")) {
            BigDecimal ltv = c.path("lifetime_value").decimalValue();
            Double p = c.hasNonNull("p_alive") ? c.path("p_alive").asDouble() : null;
            all.add(new AtRisk(c.path("customer_id").asText(), c.path("status").asText(), ltv, p, p == null
                    ? null
                    : ltv.multiply(BigDecimal.valueOf(p)).setScale(2, RoundingMode.HALF_UP),
                    c.hasNonNull("last_purchase_at") ? Instant.parse(c.path("last_purchase_at").asText()) : null,
                    c.path("recency_days").asLong()));
        }
        all.sort(Comparator.comparing((AtRisk a) -> a.valueAtRisk() == null)
                .thenComparing(a -> a.valueAtRisk() == null ? a.ltv() : a.valueAtRisk(), Comparator.reverseOrder())
                .thenComparing(AtRisk::id));
        return all;
    }

    static Report report(ViewParams view, String minValue, JsonNode answer) {
        List<AtRisk> ranked = ranked(answer);
        List<List<Object>> rows = new ArrayList<>();
        List<String> links = new ArrayList<>();
        int rank = 0;
        for (AtRisk a : ranked) {
            List<Object> row = new ArrayList<>();
            row.add(a.id());
            row.add((long) ++rank);
            row.add(a.status());
            row.add(a.ltv());
            row.add(a.pAlive() == null ? null : BigDecimal.valueOf(a.pAlive()).setScale(4, RoundingMode.HALF_UP));
            row.add(a.valueAtRisk());
            row.add(a.lastPurchase());
            row.add(a.recencyDays());
            rows.add(row);
            links.add("/app/customers/" + ViewParams.encode(a.id()).replace("+", "%20"));
        }
        List<AtRisk> top = ranked.stream().filter(a -> a.valueAtRisk() != null).limit(20).toList();
        Chart chart = Chart.series("at-risk-chart", "Value at risk, top " + top.size(), "", top.stream()
                .map(AtRisk::id).toList(),
                List.of(new Chart.Series("Value at risk", "bar", top.stream()
                        .map(AtRisk::valueAtRisk).toList())));
        List<String> notes = new ArrayList<>();
        if (ranked.size() >= CANDIDATES) {
            notes.add("Ranked among the " + CANDIDATES + " most valuable at-risk customers; raise the minimum value "
                    + "to rank others.");
        }
        Table table = new Table("customers", "At-risk customers by value at risk", List.of(Table.Column.text(
                "Customer"), Table.Column.number("Rank"), Table.Column.text("Status"),
                Table.Column.number(
                        "Lifetime value"),
                Table.Column.number("P(alive)"), Table.Column.number("Value at risk"), Table.Column.text(
                        "Last purchase"),
                Table.Column.number("Days since")), rows, links);
        return new Report("at-risk", "At-risk customers", Filters.of(view, "status on " + view.to(),
                "Minimum lifetime value", minValue), List.of(), top.isEmpty() ? List.of() : List.of(chart),
                List.of(table), notes, rows.isEmpty(), "No customer is at risk on " + view.to() + ".");
    }
}
