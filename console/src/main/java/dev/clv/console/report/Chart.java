package dev.clv.console.report;

import java.math.BigDecimal;
import java.util.List;

/**
 * A chart of a view, as numbers: drawn by ECharts in the browser (its JSON in a {@code data-chart} attribute) and
 * as SVG on the server for the PDF. {@code kind} is {@code series} (lines and bars over the categories {@code x})
 * or {@code heatmap} (one series per row {@code y}, a value or null per column {@code x}); a heatmap's
 * {@code link} is a console path with {x} and {y} put in for the clicked cell.
 */
public record Chart(String id, String title, String kind, String unit, List<String> x, List<String> y,
        List<Series> series, String link) {

    /** One line or bar series (type {@code line} or {@code bar}), or one row of a heatmap. */
    public record Series(String name, String type, List<BigDecimal> values) {
    }

    public static Chart series(String id, String title, String unit, List<String> x, List<Series> series) {
        return new Chart(id, title, "series", unit, x, List.of(), series, null);
    }

    public static Chart heatmap(String id, String title, String unit, List<String> x, List<String> y,
            List<Series> rows, String link) {
        return new Chart(id, title, "heatmap", unit, x, y, rows, link);
    }

    public boolean heatmap() {
        return "heatmap".equals(kind);
    }
}
