package dev.clv.analytics.query.pipe;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;

import jakarta.ws.rs.core.StreamingOutput;

import dev.clv.analytics.query.pipe.PipeResponse.Column;

/** RFC 4180 CSV of a pipe result, written to the response as it goes rather than built as one string. */
final class PipeCsv {
    private PipeCsv() {
    }

    static StreamingOutput write(List<Column> columns, List<List<Object>> rows) {
        return out -> {
            StringBuilder line = new StringBuilder(256);
            for (int i = 0; i < columns.size(); i++) {
                line.append(i == 0 ? "" : ",").append(columns.get(i).name());
            }
            line.append("\r\n");
            for (List<Object> row : rows) {
                for (int i = 0; i < row.size(); i++) {
                    if (i > 0) {
                        line.append(',');
                    }
                    field(line, row.get(i));
                }
                line.append("\r\n");
                if (line.length() > 8192) {
                    out.write(line.toString().getBytes(StandardCharsets.UTF_8));
                    line.setLength(0);
                }
            }
            out.write(line.toString().getBytes(StandardCharsets.UTF_8));
        };
    }

    private static String plain(Object value) {
        return value instanceof BigDecimal d ? d.toPlainString() : String.valueOf(value);
    }

    private static void field(StringBuilder line, Object value) {
        if (value == null) {
            return;
        }
        String text = value instanceof Collection<?> list
                ? "[" + String.join(",", list.stream().map(PipeCsv::plain).toList()) + "]"
                : plain(value);
        if (!(value instanceof Number) && !text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            // a spreadsheet would run a cell starting so as a formula: customer data is attacker-controlled, so such
            // text is neutralised OWASP's way, by a leading apostrophe (numbers stay numbers)
            text = "'" + text;
        }
        if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
            line.append('"').append(text.replace("\"", "\"\"")).append('"');
        } else {
            line.append(text);
        }
    }
}
