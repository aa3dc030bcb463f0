package dev.clv.ingestion.privacy;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** Reads what the services answered about requests: each one's part, and how many export parts are stored. */
final class ProgressReader {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<TreeMap<String, Long>> COUNTS = new TypeReference<>() {
    };

    private ProgressReader() {
    }

    static Uni<Map<UUID, Map<String, ServiceProgress>>> progress(SqlClient db, UUID[] ids) {
        return db.preparedQuery("SELECT request_id, service, status, detail, counts::text, finished_at FROM "
                + "ingestion.privacy_progress WHERE request_id = ANY($1) ORDER BY service").execute(Tuple.of(ids))
                .map(rows -> {
                    Map<UUID, Map<String, ServiceProgress>> out = new HashMap<>();
                    for (Row r : rows) {
                        out.computeIfAbsent(r.getUUID(0), k -> new TreeMap<>()).put(r.getString(1),
                                new ServiceProgress(r.getString(2), r.getString(3), counts(r.getString(4)),
                                        r.getOffsetDateTime(5)));
                    }
                    return out;
                });
    }

    static Uni<Map<UUID, Map<String, Integer>>> partCounts(SqlClient db, UUID[] ids) {
        return db.preparedQuery("SELECT request_id, service, count(*)::int FROM ingestion.privacy_export_parts "
                + "WHERE request_id = ANY($1) GROUP BY request_id, service").execute(Tuple.of(ids)).map(rows -> {
                    Map<UUID, Map<String, Integer>> out = new HashMap<>();
                    for (Row r : rows) {
                        out.computeIfAbsent(r.getUUID(0), k -> new HashMap<>()).put(r.getString(1), r.getInteger(2));
                    }
                    return out;
                });
    }

    private static Map<String, Long> counts(String text) {
        try {
            return JSON.readValue(text, COUNTS);
        } catch (java.io.IOException e) {
            return Map.of(); // stored by us from a parsed result: cannot happen
        }
    }
}
