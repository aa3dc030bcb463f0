package dev.clv.analytics.query.product;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A product's lifecycle stage as of a reference month, from its monthly net revenue (docs/analytics.md, "Product
 * lifecycle"). The last {@link #WINDOW_MONTHS} months up to the reference month (recent) are compared with the
 * {@link #WINDOW_MONTHS} before them (previous); a product first sold within the last two windows has no complete
 * previous window to compare with, so it is still being introduced.
 */
public enum LifecycleStage {
    INTRODUCTION, GROWTH, MATURITY, DECLINE;

    /** Months in each of the two compared windows. */
    public static final int WINDOW_MONTHS = 3;
    /** Net revenue must move by more than this share of the previous window's to count as growth or decline. */
    static final BigDecimal CHANGE = new BigDecimal("0.10");

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The stage as of {@code reference}: null without a purchase up to it ({@code firstSale}, the first month with a
     * purchase, null or later); {@code recent} and {@code previous} are the net revenue of the two windows.
     */
    public static LifecycleStage of(YearMonth reference, YearMonth firstSale, BigDecimal recent,
            BigDecimal previous) {
        if (reference == null || firstSale == null || firstSale.isAfter(reference)) {
            return null;
        }
        if (firstSale.isAfter(reference.minusMonths(2L * WINDOW_MONTHS))) {
            return INTRODUCTION;
        }
        // nothing (or less than nothing: refunds) earned lately is a decline, whatever came before
        if (recent.signum() <= 0) {
            return DECLINE;
        }
        if (previous.signum() <= 0) {
            return GROWTH;
        }
        BigDecimal band = previous.multiply(CHANGE);
        BigDecimal change = recent.subtract(previous);
        if (change.compareTo(band) > 0) {
            return GROWTH;
        }
        return change.negate().compareTo(band) > 0 ? DECLINE : MATURITY;
    }
}
