package dev.clv.console.report;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * One dashboard figure for the range and the same figure for the period before it: the change is shown as a
 * percentage, or as "new" when the period before had none.
 */
public record Kpi(String id, String label, BigDecimal value, BigDecimal previous, int scale, String unit) {

    public String shown() {
        return value == null ? "–" : value.setScale(scale, RoundingMode.HALF_UP).toPlainString();
    }

    public String shownPrevious() {
        return previous == null ? "–" : previous.setScale(scale, RoundingMode.HALF_UP).toPlainString();
    }

    /** What the figure is compared with, e.g. "was 12.00", or "no earlier figure" for a figure of now only. */
    public String was() {
        return previous == null ? "no earlier figure" : "was " + shownPrevious();
    }

    /** The change against the period before, e.g. "+12.5%", "−3.0%", "new", or "–" without figures. */
    public String delta() {
        if (value == null || previous == null) {
            return "–";
        }
        if (previous.signum() == 0) {
            return value.signum() == 0 ? "0.0%" : "new";
        }
        BigDecimal pct = value.subtract(previous).multiply(BigDecimal.valueOf(100)).divide(previous.abs(), 1,
                RoundingMode.HALF_UP);
        return (pct.signum() > 0 ? "+" : pct.signum() < 0 ? "−" : "") + pct.abs().toPlainString() + "%";
    }

    /** "up", "down" or "flat", for the delta's colour. */
    public String trend() {
        if (value == null || previous == null) {
            return "flat";
        }
        int c = value.compareTo(previous);
        return c > 0 ? "up" : c < 0 ? "down" : "flat";
    }
}
