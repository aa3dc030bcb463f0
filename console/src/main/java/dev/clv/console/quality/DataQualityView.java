package dev.clv.console.quality;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import dev.clv.console.api.ApiException;
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
 * {@code /app/data-quality}: rows the platform refused (quarantined) in the range by source and reason with a daily
 * trend, the newest of them (each leads to its page to correct and replay, or discard), and the consistency checks
 * of what was accepted (transactions of unknown customers or products, refunds larger than purchases).
 */
@ApplicationScoped
public class DataQualityView implements ConsoleView {
    /** The newest quarantined rows listed; the page says when there are more. */
    static final int NEWEST = 100;

    @Override
    public String name() {
        return "data-quality";
    }

    @Override
    public Uni<Report> report(PlatformApi api, ViewParams view, Map<String, String> query) {
        String range = "from=" + view.from() + "&to=" + view.to() + "&timezone=" + ViewParams.encode(view.zone()
                .getId());
        ViewParams before = view.previous();
        String previous = "from=" + before.from() + "&to=" + before.to() + "&timezone=" + ViewParams.encode(before
                .zone().getId());
        // the quarantine holds raw rows and needs events:write (analysts, administrators); a viewer sees the checks
        Uni<java.util.Optional<Quarantine>> quarantine = api
                .get("/v1/quarantine/summary?" + range).flatMap(now -> api.get(
                        "/v1/quarantine/summary?" + previous).flatMap(
                                was -> api.get("/v1/quarantine?limit=" + NEWEST)
                                        .map(rows -> java.util.Optional.of(new Quarantine(now, was, rows)))))
                .onFailure(e -> e instanceof ApiException a && a.status() == 403)
                .recoverWithItem(java.util.Optional.empty());
        // the checks (a heavy answer, the slowest) side by side with the quarantine's reads (not heavy)
        return Uni.combine().all().unis(quarantine, api.get("/v1/data-quality/consistency")).with((q, checks) -> report(
                view, q.orElse(null), checks));
    }

    /** The quarantine's summaries for the range and the one before, and its newest rows; null when not allowed. */
    record Quarantine(JsonNode summary, JsonNode previous, JsonNode newest) {
    }

    static Report report(ViewParams view, Quarantine q, JsonNode consistency) {
        List<Kpi> kpis = new ArrayList<>();
        List<Chart> charts = new ArrayList<>();
        List<Table> tables = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (q == null) {
            notes.add("Quarantined rows are shown to analysts and administrators only (they hold the raw rows).");
        } else {
            kpis.add(new Kpi("quarantined", "Rows quarantined", BigDecimal.valueOf(q.summary().path("total_rows")
                    .asLong()), BigDecimal.valueOf(q.previous().path("total_rows").asLong()), 0, ""));
            charts.add(Chart.series("quarantine-trend", "Rows quarantined per day", "rows", days(q.summary()),
                    List.of(new Chart.Series("Rows", "bar", counts(q.summary().path("by_day"))))));
            tables.add(bySource(q.summary()));
            tables.add(byReason(q.summary()));
            if (q.summary().path("more_reasons").asBoolean()) {
                notes.add("Only the 100 most frequent reasons are listed.");
            }
            tables.add(QuarantineRows.newest(q.newest(), view));
            if (q.newest().hasNonNull("next_cursor")) {
                notes.add("The " + NEWEST + " newest quarantined rows are listed, whatever the range; correct or "
                        + "discard them to see older ones.");
            }
        }
        List<List<Object>> checks = new ArrayList<>();
        for (JsonNode c : consistency.path("data")) {
            String check = c.path("check").asText();
            long count = c.has("products") ? c.path("products").asLong() : c.path("customers").asLong();
            kpis.add(new Kpi(check, label(check), BigDecimal.valueOf(count), null, 0, c.has("products")
                    ? "products"
                    : "customers"));
            List<String> examples = new ArrayList<>();
            c.path("examples").forEach(e -> examples.add(e.asText()));
            checks.add(List.of(label(check), c.path("description").asText(""), count, c.has("transactions")
                    ? c.path(
                            "transactions").asLong()
                    : 0L, String.join(", ", examples)));
        }
        tables.add(new Table("checks", "Consistency of accepted data, as of now", List.of(Table.Column.text("Check"),
                Table.Column.text("What it finds"), Table.Column.number("Found"), Table.Column.number(
                        "Transactions"),
                Table.Column.text("Examples")), checks, null));
        boolean clean = (q == null || q.summary().path("total_rows").asLong() == 0) && checks.stream().allMatch(
                r -> ((Long) r.get(2)) == 0);
        return new Report("data-quality", "Data quality", Filters.of(view, "rows quarantined in it"), kpis, charts,
                tables, notes, clean, "Nothing was quarantined in this range and every check passes.");
    }

    private static String label(String check) {
        return switch (check) {
            case "transactions_of_unknown_customers" -> "Unknown customers";
            case "transactions_of_unknown_products" -> "Unknown products";
            case "refunds_exceed_purchases" -> "Refunds over purchases";
            default -> check;
        };
    }

    private static List<String> days(JsonNode summary) {
        List<String> days = new ArrayList<>();
        summary.path("by_day").forEach(d -> days.add(d.path("day").asText()));
        return days;
    }

    private static List<BigDecimal> counts(JsonNode byDay) {
        List<BigDecimal> counts = new ArrayList<>();
        byDay.forEach(d -> counts.add(BigDecimal.valueOf(d.path("rows").asLong())));
        return counts;
    }

    private static Table bySource(JsonNode summary) {
        List<List<Object>> rows = new ArrayList<>();
        summary.path("by_source").forEach(s -> rows.add(List.of(s.path("data_source").asText(), s.path("rows")
                .asLong())));
        return new Table("sources", "Quarantined by source", List.of(Table.Column.text("Source"), Table.Column
                .number("Rows")), rows, null);
    }

    private static Table byReason(JsonNode summary) {
        List<List<Object>> rows = new ArrayList<>();
        for (JsonNode r : summary.path("by_reason")) {
            List<Object> row = new ArrayList<>();
            row.add(r.path("data_source").asText());
            row.add(r.path("field").asText(""));
            row.add(r.path("reason").asText());
            row.add(r.path("rows").asLong());
            row.add(r.hasNonNull("last_received_at")
                    ? OffsetDateTime.parse(r.path("last_received_at").asText())
                            .toInstant()
                    : null);
            rows.add(row);
        }
        return new Table("reasons", "Quarantined by reason", List.of(Table.Column.text("Source"), Table.Column.text(
                "Field"), Table.Column.text("Reason"), Table.Column.number("Rows"), Table.Column.text("Last")), rows,
                null);
    }
}
