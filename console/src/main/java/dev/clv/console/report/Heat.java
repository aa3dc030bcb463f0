package dev.clv.console.report;

import java.math.BigDecimal;
import java.util.List;

/** The colour of a heatmap cell between the chart's smallest and largest value, for the PDF's coloured table. */
public final class Heat {
    private Heat() {
    }

    /** A CSS colour from pale (low) to deep blue (high); white without a value. */
    public static String colour(BigDecimal value, Chart chart) {
        if (value == null) {
            return "#ffffff";
        }
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (Chart.Series s : chart.series()) {
            for (BigDecimal v : s.values()) {
                if (v != null) {
                    min = Math.min(min, v.doubleValue());
                    max = Math.max(max, v.doubleValue());
                }
            }
        }
        double t = max > min ? (value.doubleValue() - min) / (max - min) : 1;
        int r = (int) Math.round(235 - t * (235 - 49));
        int g = (int) Math.round(243 - t * (243 - 84));
        int b = (int) Math.round(251 - t * (251 - 160));
        return String.format("#%02x%02x%02x", r, g, b);
    }

    /** The cells of a heatmap row with their colours, for the template. */
    public static List<Cell> row(Chart chart, Chart.Series row) {
        return row.values().stream().map(v -> new Cell(v == null ? "" : v.toPlainString(), colour(v, chart)))
                .toList();
    }

    /** A printed heatmap cell. */
    public record Cell(String text, String colour) {
    }
}
