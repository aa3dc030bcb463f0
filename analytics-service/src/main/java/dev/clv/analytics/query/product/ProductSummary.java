package dev.clv.analytics.query.product;

import java.math.BigDecimal;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One product as /v1/products answers it. Sums (purchases to margin) cover the window's months; buyers and
 * repeat_buyers are the distinct customers with one or two purchases of it there; first_sale_month and
 * last_sale_month (YYYY-MM) and lifecycle_stage ignore the window. Money is exact, in the transactions' own
 * currency. units_kept is purchases − refunds (a transaction is one unit); cost is unit_cost × units_kept where the
 * catalogue gave a cost (cost_known), else null, and so are margin and margin_pct. Every member is always written.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ProductSummary(String productId, String name, String category, long purchases, long buyers,
        long repeatBuyers, BigDecimal grossRevenue, long refunds, BigDecimal refundTotal, BigDecimal netRevenue,
        long unitsKept, BigDecimal unitCost, BigDecimal cost, BigDecimal margin, BigDecimal marginPct,
        boolean costKnown, LifecycleStage lifecycleStage, String firstSaleMonth, String lastSaleMonth) {
}
