package dev.clv.analytics.query.pipe;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;

/** Turns database rows into pipe rows: decimals stay BigDecimal, timestamps become UTC instants. */
public final class Rows {
    private Rows() {
    }

    static List<List<Object>> of(RowSet<Row> rows) {
        List<List<Object>> out = new ArrayList<>(rows.size());
        for (Row row : rows) {
            List<Object> values = new ArrayList<>(row.size());
            for (int i = 0; i < row.size(); i++) {
                values.add(value(row.getValue(i)));
            }
            out.add(values);
        }
        return out;
    }

    /** One database value as answers carry it. */
    public static Object value(Object value) {
        if (value instanceof io.vertx.sqlclient.data.Numeric n) {
            return n.bigDecimalValue();
        }
        if (value instanceof OffsetDateTime t) {
            return t.toInstant();
        }
        if (value instanceof LocalDate || value instanceof Instant) {
            return value.toString();
        }
        return value;
    }
}
