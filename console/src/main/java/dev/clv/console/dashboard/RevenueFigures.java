package dev.clv.console.dashboard;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A range's totals and periods read from the platform's revenue and retention reports (one row per period):
 * orders, gross and net revenue, refunds, new buyers (whose first purchase ever falls in a period: distinct by
 * nature, so their periods add up) and each period's returning buyers. Distinct buyers over a whole range do not
 * add up from periods and are not shown as a total.
 */
record RevenueFigures(long orders, BigDecimal gross, BigDecimal net, long refunds, long newBuyers, String currency,
        List<String> missingRates, List<Period> periods) {

    /** One period of both reports. */
    record Period(String period, long orders, BigDecimal gross, long refunds, BigDecimal refundTotal, BigDecimal net,
            long newBuyers, long returningBuyers) {
    }

    static RevenueFigures of(JsonNode revenue, JsonNode retention) {
        long orders = 0;
        long refunds = 0;
        long newBuyers = 0;
        BigDecimal gross = BigDecimal.ZERO;
        BigDecimal net = BigDecimal.ZERO;
        List<Period> periods = new ArrayList<>();
        JsonNode buyers = retention.path("data").path("periods");
        int i = 0;
        for (JsonNode p : revenue.path("data").path("periods")) {
            JsonNode b = buyers.path(i++);
            orders += p.path("orders").asLong();
            refunds += p.path("refunds").asLong();
            newBuyers += b.path("new_buyers").asLong();
            gross = gross.add(p.path("gross_revenue").decimalValue());
            net = net.add(p.path("net_revenue").decimalValue());
            periods.add(new Period(p.path("period").asText(), p.path("orders").asLong(),
                    p.path("gross_revenue").decimalValue(), p.path("refunds").asLong(),
                    p.path("refund_total").decimalValue(), p.path("net_revenue").decimalValue(),
                    b.path("new_buyers").asLong(), b.path("returning_customers").asLong()));
        }
        List<String> missing = new ArrayList<>();
        revenue.path("data").path("missing_rates").forEach(c -> missing.add(c.asText()));
        return new RevenueFigures(orders, gross, net, refunds, newBuyers,
                revenue.path("data").path("currency").asText(""), missing, periods);
    }

    /** Gross revenue per order, as the revenue report computes it; null without orders. */
    BigDecimal averageOrderValue() {
        return orders == 0 ? null : gross.divide(BigDecimal.valueOf(orders), 2, java.math.RoundingMode.HALF_UP);
    }
}
