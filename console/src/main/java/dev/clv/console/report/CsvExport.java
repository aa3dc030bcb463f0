package dev.clv.console.report;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * A table as CSV (RFC 4180, UTF-8, CRLF): the heading and every row, nothing else, so any CSV reader takes it as it
 * is (the filters are in the file's name, and printed in the PDF and the XLSX's first sheet). Hand-written
 * because it is a dozen lines; a text cell starting with {@code = + - @} or a tab/CR is prefixed with a quote so a
 * spreadsheet never runs a customer-supplied formula (CSV injection); numbers are written as they are.
 */
public final class CsvExport {
    private CsvExport() {
    }

    public static String write(Table table, ZoneId zone) {
        StringBuilder out = new StringBuilder();
        out.append(line(table.columns().stream().map(Table.Column::name).toList())).append("\r\n");
        for (List<Object> row : table.rows()) {
            List<String> cells = new ArrayList<>(row.size());
            for (int i = 0; i < row.size(); i++) {
                String text = Cells.text(row.get(i), zone);
                cells.add(table.columns().get(i).numeric() || !(row.get(i) instanceof String) ? text : guard(text));
            }
            out.append(line(cells)).append("\r\n");
        }
        return out.toString();
    }

    static String guard(String text) {
        return !text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0 ? "'" + text : text;
    }

    private static String line(List<String> cells) {
        StringBuilder line = new StringBuilder();
        for (String cell : cells) {
            if (!line.isEmpty()) {
                line.append(',');
            }
            boolean quote = cell.indexOf(',') >= 0 || cell.indexOf('"') >= 0 || cell.indexOf('\n') >= 0
                    || cell.indexOf('\r') >= 0;
            line.append(quote ? '"' + cell.replace("\"", "\"\"") + '"' : cell);
        }
        return line.toString();
    }
}
