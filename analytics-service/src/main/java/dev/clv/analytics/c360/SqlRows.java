package dev.clv.analytics.c360;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;

/** Rows as JSON objects named by their SQL column aliases: decimals exact, timestamps as UTC instants. */
final class SqlRows {
    private SqlRows() {
    }

    static List<Map<String, Object>> maps(RowSet<Row> rows) {
        List<Map<String, Object>> out = new ArrayList<>(rows.size());
        for (Row row : rows) {
            out.add(map(row));
        }
        return out;
    }

    static Map<String, Object> map(Row row) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < row.size(); i++) {
            Object v = row.getValue(i);
            if (v instanceof io.vertx.sqlclient.data.Numeric n) {
                v = n.bigDecimalValue();
            } else if (v instanceof OffsetDateTime t) {
                v = t.toInstant();
            } else if (v instanceof LocalDate d) {
                v = d.toString();
            }
            values.put(row.getColumnName(i), v);
        }
        return values;
    }
}
