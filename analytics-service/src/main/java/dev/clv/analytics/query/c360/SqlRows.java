package dev.clv.analytics.query.c360;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.clv.analytics.query.pipe.Rows;
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

    /**
     * Rows as JSON objects that keep their null members (the answers' mapper leaves null map entries out): the
     * seed's clients read each member of a customer by name.
     */
    static List<ObjectNode> keepingNulls(List<Map<String, Object>> rows) {
        List<ObjectNode> out = new ArrayList<>(rows.size());
        for (Map<String, Object> row : rows) {
            ObjectNode node = JsonNodeFactory.instance.objectNode();
            row.forEach((k, v) -> {
                if (v == null) {
                    node.putNull(k);
                } else {
                    node.putPOJO(k, v);
                }
            });
            out.add(node);
        }
        return out;
    }

    static Map<String, Object> map(Row row) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < row.size(); i++) {
            values.put(row.getColumnName(i), Rows.value(row.getValue(i)));
        }
        return values;
    }
}
