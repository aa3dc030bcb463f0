package dev.clv.console.dashboard;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A range's totals read from the platform's revenue and retention reports (one row per period): orders, gross and
 * net revenue, refunds, and new buyers (whose first purchase ever falls in a period: distinct by nature, so their
 * periods add up). Distinct buyers over a whole range do not add up from periods and are not shown as a total.
 */
record RevenueFigures(long orders, BigDecimal gross, BigDecimal net, long refunds, long newBuyers, String currency,
        List<String> missingRates, List<Point> series) {

    /** One period of the revenue chart. */
    record Point(String period, BigDecimal net, BigDecimal refunds) {
    }

    static RevenueFigures of(JsonNode revenue, JsonNode retention) {
        long orders = 0;
        long refunds = 0;
        BigDecimal gross = BigDecimal.ZERO;
        BigDecimal net = BigDecimal.ZERO;
        List<Point> series = new ArrayList<>();
        for (JsonNode p : revenue.path("data").path("periods")) {
            orders += p.path("orders").asLong();
            refunds += p.path("refunds").asLong();
            gross = gross.add(p.path("gross_revenue").decimalValue());
            net = net.add(p.path("net_revenue").decimalValue());
            series.add(new Point(p.path("period").asText(), p.path("net_revenue").decimalValue(),
                    p.path("refund_total").decimalValue()));
        }
        long newBuyers = 0;
        for (JsonNode p : retention.path("data").path("periods")) {
            newBuyers += p.path("new_buyers").asLong();
        }
        List<String> missing = new ArrayList<>();
        revenue.path("data").path("missing_rates").forEach(c -> missing.add(c.asText()));
        return new RevenueFigures(orders, gross, net, refunds, newBuyers,
                revenue.path("data").path("currency").asText(""), missing, series);
    }

    /** Gross revenue per order, as the revenue report computes it; null without orders. */
    BigDecimal averageOrderValue() {
        return orders == 0 ? null : gross.divide(BigDecimal.valueOf(orders), 2, java.math.RoundingMode.HALF_UP);
    }
}
