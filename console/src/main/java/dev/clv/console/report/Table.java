package dev.clv.console.report;

import java.util.List;

/**
 * A table of a view: shown on the page, printed in its PDF and exported whole as CSV and XLSX. Cells are
 * {@code String}, {@code BigDecimal}, {@code Long}, {@code LocalDate}, {@code Instant} or null; instants are shown
 * in the view's time zone. {@code links} (null, or one per row, each null or a console path) link a row's first
 * cell on the page.
 */
public record Table(String id, String title, List<Column> columns, List<List<Object>> rows, List<String> links) {

    /** A column: its heading and whether its cells are numbers (aligned right, typed in XLSX). */
    public record Column(String name, boolean numeric) {
        public static Column text(String name) {
            return new Column(name, false);
        }

        public static Column number(String name) {
            return new Column(name, true);
        }
    }

    public Table {
        for (List<Object> row : rows) {
            if (row.size() != columns.size()) {
                throw new IllegalArgumentException("a row of " + id + " has " + row.size() + " cells for "
                        + columns.size() + " columns");
            }
        }
        if (links != null && links.size() != rows.size()) {
            throw new IllegalArgumentException("the links of " + id + " do not match its rows");
        }
    }

    /** Every cell as text, instants in {@code zone}, as the page, the PDF and the CSV show them. */
    public List<List<String>> text(java.time.ZoneId zone) {
        return rows.stream().map(r -> r.stream().map(c -> Cells.text(c, zone)).toList()).toList();
    }

    public String link(int row) {
        return links == null ? null : links.get(row);
    }
}
