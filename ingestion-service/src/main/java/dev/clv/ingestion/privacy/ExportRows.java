package dev.clv.ingestion.privacy;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.clv.contracts.privacy.PrivacyWorker;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * What ingestion holds about customers, for an export: sections {@code quarantined_rows} and {@code dead_letters},
 * each row naming its {@code customer_id}, read whole every time (a redelivered export is regenerated).
 */
@ApplicationScoped
public class ExportRows {
    private static final String QUARANTINE = "SELECT customer_id, public_id, data_source, row_number, raw, field, "
            + "reason, received_at FROM ingestion.quarantined_rows WHERE tenant_id = $1 AND customer_id = "
            + "ANY($2::text[]) ORDER BY id";
    private static final String DEAD_LETTERS = "SELECT customer_id, id, data_source, row_id, reason, dead_at, "
            + "record FROM ingestion.dead_letters WHERE tenant_id = $1 AND customer_id = ANY($2::text[]) "
            + "ORDER BY dead_at, id";
    private final Pool pool;

    public ExportRows(Pool pool) {
        this.pool = pool;
    }

    Uni<PrivacyWorker.Outcome> export(String tenant, List<String> ids) {
        Tuple args = Tuple.of(tenant, ids.toArray(String[]::new));
        return pool.preparedQuery(QUARANTINE).execute(args).map(rows -> rows.stream().map(ExportRows::quarantined)
                .toList()).chain(quarantined -> pool.preparedQuery(DEAD_LETTERS).execute(args)
                        .map(rows -> rows.stream().map(ExportRows::deadLetter).toList())
                        .map(letters -> new PrivacyWorker.Outcome(Map.of("quarantined_rows",
                                (long) quarantined.size(), "dead_letters", (long) letters.size()),
                                sections(quarantined, letters))));
    }

    private static Map<String, List<Map<String, Object>>> sections(List<Map<String, Object>> quarantined,
            List<Map<String, Object>> letters) {
        Map<String, List<Map<String, Object>>> sections = new LinkedHashMap<>();
        sections.put("quarantined_rows", quarantined);
        sections.put("dead_letters", letters);
        return sections;
    }

    private static Map<String, Object> quarantined(Row r) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("customer_id", r.getString(0));
        row.put("id", r.getUUID(1).toString());
        row.put("data_source", r.getString(2));
        row.put("row_number", r.getInteger(3));
        row.put("raw", r.getString(4));
        row.put("field", r.getString(5));
        row.put("reason", r.getString(6));
        row.put("received_at", instant(r.getOffsetDateTime(7)));
        return row;
    }

    private static Map<String, Object> deadLetter(Row r) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("customer_id", r.getString(0));
        row.put("id", r.getUUID(1).toString());
        row.put("data_source", r.getString(2));
        row.put("row_id", r.getString(3));
        row.put("reason", r.getString(4));
        row.put("dead_at", instant(r.getOffsetDateTime(5)));
        row.put("record", new String(r.getBuffer(6).getBytes(), StandardCharsets.UTF_8));
        return row;
    }

    private static String instant(OffsetDateTime at) {
        return at.toInstant().toString();
    }
}
