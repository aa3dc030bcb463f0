package dev.clv.ingestion.privacy;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Erases customers from what ingestion holds, in the caller's transaction: their quarantined rows and dead
 * letters, their rows in the tenant's stored exports, and their ids in its published requests; then guards them
 * (by hash), so a dead letter of a row ingested before the erase is not stored again. Suppression entries and dedup
 * claims stay (docs/privacy.md).
 */
@ApplicationScoped
public class Erasure {
    private static final String QUARANTINE = "DELETE FROM ingestion.quarantined_rows WHERE tenant_id = $1 AND "
            + "customer_id = ANY($2::text[])";
    private static final String DEAD_LETTERS = "DELETE FROM ingestion.dead_letters WHERE tenant_id = $1 AND "
            + "customer_id = ANY($2::text[])";
    // an export part keeps its sections, less the rows naming an erased customer
    private static final String EXPORTS = """
            WITH parts AS (
              SELECT p.request_id, p.service, p.seq, p.sections FROM ingestion.privacy_export_parts p
              JOIN ingestion.privacy_requests q ON q.id = p.request_id AND q.tenant_id = $1
              WHERE EXISTS (SELECT 1 FROM jsonb_each(p.sections) s, jsonb_array_elements(s.value) r
                WHERE r ->> 'customer_id' = ANY($2::text[]))
            ), kept AS (
              SELECT parts.request_id, parts.service, parts.seq,
                (SELECT jsonb_object_agg(s.key, (SELECT coalesce(jsonb_agg(e.r ORDER BY e.n), '[]'::jsonb)
                   FROM jsonb_array_elements(s.value) WITH ORDINALITY AS e(r, n)
                   WHERE NOT coalesce(e.r ->> 'customer_id' = ANY($2::text[]), false)))
                 FROM jsonb_each(parts.sections) s) AS sections,
                (SELECT count(*) FROM jsonb_each(parts.sections) s, jsonb_array_elements(s.value) r
                 WHERE r ->> 'customer_id' = ANY($2::text[])) AS removed
              FROM parts
            )
            UPDATE ingestion.privacy_export_parts p SET sections = kept.sections FROM kept
            WHERE p.request_id = kept.request_id AND p.service = kept.service AND p.seq = kept.seq
            RETURNING kept.removed
            """;
    // published ones only: a request not yet published still needs its ids to be carried out
    private static final String REQUESTS = "UPDATE ingestion.privacy_requests SET customer_ids = ARRAY(SELECT c "
            + "FROM unnest(customer_ids) AS c WHERE c <> ALL($2::text[])) WHERE tenant_id = $1 AND (published OR "
            + "id = $3) AND customer_ids && $2::text[]";
    private static final String GUARDS = "INSERT INTO ingestion.erasure_guards (tenant_id, customer_hash, erased_at) "
            + "SELECT $1, h, now() FROM unnest($2::text[]) AS h ON CONFLICT (tenant_id, customer_hash) DO UPDATE "
            + "SET erased_at = EXCLUDED.erased_at";

    Uni<Map<String, Long>> erase(SqlConnection conn, UUID request, String tenant, List<String> ids,
            List<String> hashes) {
        Tuple byId = Tuple.of(tenant, ids.toArray(String[]::new));
        Map<String, Long> counts = new TreeMap<>();
        return conn.preparedQuery(QUARANTINE).execute(byId)
                .invoke(rows -> counts.put("quarantined_rows", (long) rows.rowCount()))
                .chain(() -> conn.preparedQuery(DEAD_LETTERS).execute(byId))
                .invoke(rows -> counts.put("dead_letters", (long) rows.rowCount()))
                .chain(() -> conn.preparedQuery(EXPORTS).execute(byId))
                .invoke(rows -> {
                    long removed = 0;
                    for (Row r : rows) {
                        removed += r.getLong(0);
                    }
                    counts.put("privacy_export_rows", removed);
                })
                .chain(() -> conn.preparedQuery(REQUESTS).execute(Tuple.of(tenant, ids.toArray(String[]::new),
                        request)))
                .chain(() -> conn.preparedQuery(GUARDS).execute(Tuple.of(tenant, hashes.toArray(String[]::new))))
                .map(done -> counts);
    }
}
