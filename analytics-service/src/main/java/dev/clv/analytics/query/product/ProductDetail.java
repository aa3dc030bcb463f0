package dev.clv.analytics.query.product;

import java.math.BigDecimal;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * One product: the list's product object (its members at the top level), the month its lifecycle stage was judged
 * at (YYYY-MM; null when the tenant has sold nothing) and its monthly series over the window, empty months included.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ProductDetail(@JsonUnwrapped ProductSummary product, String referenceMonth, List<Month> months) {

    /** One UTC month: purchases, distinct buyers (customers with a purchase of it that month), money. */
    public record Month(String month, long purchases, long buyers, BigDecimal grossRevenue, long refunds,
            BigDecimal refundTotal, BigDecimal netRevenue) {
    }
}
