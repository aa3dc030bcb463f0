package dev.clv.console.dashboard;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.clv.console.api.PlatformApi;
import dev.clv.console.report.Chart;
import dev.clv.console.report.ConsoleView;
import dev.clv.console.report.Filters;
import dev.clv.console.report.Kpi;
import dev.clv.console.report.Report;
import dev.clv.console.report.Table;
import dev.clv.console.view.ViewParams;
import io.smallrye.mutiny.Uni;

/** {@code /app/dashboard}: the range's key figures against the period before, revenue and buyers over time. */
@ApplicationScoped
public class DashboardView implements ConsoleView {

    @Override
    public String name() {
        return "dashboard";
    }

    @Override
    public Uni<Report> report(PlatformApi api, ViewParams view, Map<String, String> query) {
        String granularity = view.granularity();
        // the range and the period before side by side, each one report at a time: the analytics service runs at
        // most two heavy answers per tenant at once (503 past that, which PlatformApi asks again), and the tenant's
        // other users share them. The customer figures are snapshot reads when the range ends today
        Uni<CustomerFigures> customers = api.get("/v1/finance/customer-lifetime-value")
                .flatMap(ltv -> api.get("/v1/marketing/customer-health-overview" + view.asOf("reference_date"))
                        .flatMap(health -> api.get("/v1/customer-success/lifecycle-analysis" + view.asOf("end_date"))
                                .map(lifecycle -> CustomerFigures.of(ltv, health, lifecycle))));
        return Uni.combine().all().unis(figures(api, view, granularity), figures(api, view.previous(), granularity),
                customers).with((now, before, c) -> report(view, granularity, now, before, c));
    }

    private static Uni<RevenueFigures> figures(PlatformApi api, ViewParams view, String granularity) {
        String query = "?start_date=" + view.from() + "&end_date=" + view.to() + "&timezone="
                + ViewParams.encode(view.zone().getId()) + "&granularity=" + granularity;
        return api.get("/v1/reports/revenue" + query).flatMap(revenue -> api.get("/v1/reports/retention" + query)
                .map(retention -> RevenueFigures.of(revenue, retention)));
    }

    static Report report(ViewParams view, String granularity, RevenueFigures now, RevenueFigures before,
            CustomerFigures customers) {
        String money = now.currency();
        List<Kpi> kpis = List.of(
                new Kpi("net-revenue", "Net revenue", now.net(), before.net(), 2, money),
                new Kpi("orders", "Orders", BigDecimal.valueOf(now.orders()), BigDecimal.valueOf(before.orders()), 0,
                        ""),
                new Kpi("average-order-value", "Average order value", now.averageOrderValue(),
                        before.averageOrderValue(), 2, money),
                new Kpi("new-buyers", "New buyers", BigDecimal.valueOf(now.newBuyers()),
                        BigDecimal.valueOf(before.newBuyers()), 0, ""),
                new Kpi("refunds", "Refunds", BigDecimal.valueOf(now.refunds()), BigDecimal.valueOf(before.refunds()),
                        0, ""),
                new Kpi("repeat-rate", "Repeat rate (vs 90 days before)", customers.repeatRateEnd(),
                        customers.repeatRateStart(), 1, "%"),
                new Kpi("average-ltv", "Average lifetime value", customers.averageLtv(), null, 2, money),
                new Kpi("predicted-clv", "Predicted 12-month CLV", customers.predictedClv(), null, 2, money),
                new Kpi("at-risk", "Customers at risk", BigDecimal.valueOf(customers.atRisk()), null, 0, ""));
        List<String> x = now.periods().stream().map(RevenueFigures.Period::period).toList();
        List<Chart> charts = List.of(
                Chart.series("revenue-chart", "Revenue by " + granularity, money, x, List.of(
                        new Chart.Series("Net revenue", "line", col(now, RevenueFigures.Period::net)),
                        new Chart.Series("Refunds", "bar", col(now, RevenueFigures.Period::refundTotal)))),
                Chart.series("buyers-chart", "Buyers by " + granularity, "buyers", x, List.of(
                        new Chart.Series("New buyers", "bar", col(now, p -> BigDecimal.valueOf(p.newBuyers()))),
                        new Chart.Series("Returning buyers", "bar", col(now, p -> BigDecimal.valueOf(
                                p.returningBuyers()))))));
        List<List<Object>> rows = new ArrayList<>();
        for (RevenueFigures.Period p : now.periods()) {
            rows.add(List.of(p.period(), p.orders(), p.gross(), p.refunds(), p.refundTotal(), p.net(), p.newBuyers(),
                    p.returningBuyers()));
        }
        Table periods = new Table("periods", "Revenue and buyers by " + granularity, List.of(Table.Column.text(
                "Period"), Table.Column.number("Orders"), Table.Column.number("Gross revenue"),
                Table.Column.number(
                        "Refunds"),
                Table.Column.number("Refunded"), Table.Column.number("Net revenue"), Table.Column.number(
                        "New buyers"),
                Table.Column.number("Returning buyers")), rows, null);
        List<String> notes = new ArrayList<>();
        if (!view.currency().isEmpty() && !view.currency().equals(money)) {
            notes.add("Amounts are in " + money + ", the tenant's reporting currency: the platform does not convert "
                    + "reports to " + view.currency() + ".");
        }
        if (!now.missingRates().isEmpty()) {
            notes.add("Amounts in " + String.join(", ", now.missingRates()) + " are left out: the tenant has no "
                    + "exchange rate for them.");
        }
        if (customers.predictedClv() == null) {
            notes.add("No customer has been scored by a model yet, so there is no predicted CLV.");
        }
        return new Report("dashboard", "Dashboard", Filters.of(view, "against the " + view.days() + " days before"),
                kpis, charts, List.of(periods), notes, now.orders() == 0 && now.refunds() == 0,
                "No purchases or refunds in this range. Pick another range above, or send data to the platform "
                        + "(POST /v0/events?name=transactions).");
    }

    private static List<BigDecimal> col(RevenueFigures f,
            java.util.function.Function<RevenueFigures.Period, BigDecimal> value) {
        return f.periods().stream().map(value).toList();
    }
}
