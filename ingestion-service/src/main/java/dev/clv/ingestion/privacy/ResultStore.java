package dev.clv.ingestion.privacy;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.clv.contracts.event.EventJson;
import dev.clv.contracts.privacy.PrivacyExportPart;
import dev.clv.contracts.privacy.PrivacyResult;
import dev.clv.ingestion.ingest.row.Storable;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Records the services' outcomes and export parts of stored requests (only for a request of the tenant they
 * name), and brings the requests' status up to date, in one transaction per batch. Idempotent: the newest outcome
 * per service wins, a part is stored once.
 */
@ApplicationScoped
public class ResultStore {
    private static final String OF_TENANT = "EXISTS (SELECT 1 FROM ingestion.privacy_requests r WHERE r.id = $1 "
            + "AND r.tenant_id = $2)";
    private static final String PROGRESS = "INSERT INTO ingestion.privacy_progress (request_id, service, status, "
            + "detail, counts, finished_at) SELECT $1, $3, $4, $5, $6::text::jsonb, $7 WHERE " + OF_TENANT
            + " ON CONFLICT (request_id, service) DO UPDATE SET status = EXCLUDED.status, detail = EXCLUDED.detail,"
            + " counts = EXCLUDED.counts, finished_at = EXCLUDED.finished_at"
            + " WHERE privacy_progress.finished_at <= EXCLUDED.finished_at";
    private static final String PART = "INSERT INTO ingestion.privacy_export_parts (request_id, service, seq, "
            + "sections) SELECT $1, $3, $4, $5::text::jsonb WHERE " + OF_TENANT + " ON CONFLICT DO NOTHING";
    private static final String TOUCHED = "SELECT DISTINCT r.id, r.type FROM ingestion.privacy_requests r JOIN "
            + "unnest($1::uuid[], $2::text[]) AS t(id, tenant) ON r.id = t.id AND r.tenant_id = t.tenant";
    private final Pool pool;
    private final PrivacyConfig config;

    public ResultStore(Pool pool, PrivacyConfig config) {
        this.pool = pool;
        this.config = config;
    }

    Uni<Void> store(List<PrivacyResult> results, List<PrivacyExportPart> parts) {
        if (results.isEmpty() && parts.isEmpty()) {
            return Uni.createFrom().voidItem(); // a batch of unreadable records
        }
        List<Tuple> progress = results.stream().map(r -> Tuple.from(new Object[]{r.requestId(), r.tenantId(),
                r.service(), r.status(), r.detail() == null ? null : Storable.printable(r.detail()),
                json(r.counts() == null ? Map.of() : r.counts()), r.finishedAt().atOffset(ZoneOffset.UTC)}))
                .toList();
        List<Tuple> stored = parts.stream().map(p -> Tuple.of(p.requestId(), p.tenantId(), p.service(), p.seq(),
                json(p.sections()))).toList();
        List<UUID> ids = new ArrayList<>();
        List<String> tenants = new ArrayList<>();
        results.forEach(r -> add(ids, tenants, r.requestId(), r.tenantId()));
        parts.forEach(p -> add(ids, tenants, p.requestId(), p.tenantId()));
        return pool.withTransaction(conn -> batch(conn, PROGRESS, progress).chain(() -> batch(conn, PART, stored))
                .chain(() -> conn.preparedQuery(TOUCHED).execute(Tuple.of(ids.toArray(UUID[]::new),
                        tenants.toArray(String[]::new))))
                .chain(rows -> {
                    Map<UUID, String> types = new HashMap<>();
                    rows.forEach(r -> types.put(r.getUUID(0), r.getString(1)));
                    return refresh(conn, types);
                }));
    }

    private static String json(Object value) {
        return new String(EventJson.write(value), StandardCharsets.UTF_8);
    }

    private static void add(List<UUID> ids, List<String> tenants, UUID id, String tenant) {
        ids.add(id);
        tenants.add(tenant);
    }

    private static Uni<Void> batch(SqlConnection conn, String sql, List<Tuple> rows) {
        return rows.isEmpty()
                ? Uni.createFrom().voidItem()
                : conn.preparedQuery(sql).executeBatch(rows).replaceWithVoid();
    }

    // every touched request's status again, from all that is stored for it
    private Uni<Void> refresh(SqlConnection conn, Map<UUID, String> types) {
        if (types.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        UUID[] ids = types.keySet().toArray(UUID[]::new);
        return ProgressReader.progress(conn, ids).chain(progress -> ProgressReader.partCounts(conn, ids)
                .chain(parts -> {
                    List<Tuple> updates = new ArrayList<>();
                    types.forEach((id, type) -> updates.add(Tuple.of(id, RequestStatus.of(type, config.services(),
                            progress.getOrDefault(id, Map.of()), parts.getOrDefault(id, Map.of())))));
                    // once every service is done with an erase or a (un)suppression, its ids serve nobody: they
                    // are let go (the count stays), so the request does not keep what it asked to forget; an
                    // export keeps them to answer its export, until an erase of the customer takes them out
                    return batch(conn, "UPDATE ingestion.privacy_requests SET status = $2, updated_at = now(), "
                            + "customer_ids = CASE WHEN type <> 'export' AND $2 IN ('completed', 'failed') "
                            + "THEN '{}'::text[] ELSE customer_ids END WHERE id = $1", updates);
                }));
    }

    /** The stored export parts of a request, by service and in order. */
    Uni<List<ExportAnswer.Part>> parts(UUID id) {
        return pool.preparedQuery("SELECT service, sections::text FROM ingestion.privacy_export_parts WHERE "
                + "request_id = $1 ORDER BY service, seq").execute(Tuple.of(id))
                .map(rows -> rows.stream().map(r -> new ExportAnswer.Part(r.getString(0), r.getString(1))).toList());
    }

    /** Every service's part of a request, as stored. */
    Uni<Map<String, ServiceProgress>> progress(UUID id) {
        return ProgressReader.progress(pool, new UUID[]{id}).map(all -> all.getOrDefault(id, Map.of()));
    }
}
