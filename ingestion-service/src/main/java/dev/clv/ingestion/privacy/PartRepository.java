package dev.clv.ingestion.privacy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.clv.contracts.event.EventJson;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Ingestion's part of a request, in its own tables: an erase, a suppression, an unsuppression each done once, in
 * one transaction with the memory of what it did (counts), which a redelivered request is answered from.
 */
@ApplicationScoped
public class PartRepository {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<TreeMap<String, Long>> COUNTS = new TypeReference<>() {
    };
    private static final String CLAIM = "INSERT INTO ingestion.privacy_part_outcomes (request_id, counts, done_at) "
            + "VALUES ($1, '{}', now()) ON CONFLICT DO NOTHING RETURNING request_id";
    private static final String SUPPRESS = "INSERT INTO ingestion.suppressed_customers (tenant_id, customer_hash) "
            + "SELECT $1, h FROM unnest($2::text[]) AS h ON CONFLICT DO NOTHING";
    private static final String UNSUPPRESS = "DELETE FROM ingestion.suppressed_customers WHERE tenant_id = $1 AND "
            + "customer_hash = ANY($2::text[])";
    private final Pool pool;
    private final Erasure erasure;

    public PartRepository(Pool pool, Erasure erasure) {
        this.pool = pool;
        this.erasure = erasure;
    }

    Uni<Map<String, Long>> erase(UUID request, String tenant, List<String> ids, List<String> hashes) {
        return once(request, conn -> erasure.erase(conn, request, tenant, ids, hashes));
    }

    Uni<Map<String, Long>> suppress(UUID request, String tenant, List<String> hashes) {
        return once(request, conn -> conn.preparedQuery(SUPPRESS).execute(Tuple.of(tenant, hashes.toArray(
                String[]::new))).map(rows -> Map.of("suppressed_customers", (long) rows.rowCount())));
    }

    Uni<Map<String, Long>> unsuppress(UUID request, String tenant, List<String> hashes) {
        return once(request, conn -> conn.preparedQuery(UNSUPPRESS).execute(Tuple.of(tenant, hashes.toArray(
                String[]::new))).map(rows -> Map.of("unsuppressed_customers", (long) rows.rowCount())));
    }

    // the claim of the request and the work commit together: done once, and its counts answer every redelivery
    private Uni<Map<String, Long>> once(UUID request, Function<SqlConnection, Uni<Map<String, Long>>> work) {
        return pool.withTransaction(conn -> conn.preparedQuery(CLAIM).execute(Tuple.of(request)).chain(claimed -> {
            if (claimed.size() == 0) {
                return conn.preparedQuery("SELECT counts::text FROM ingestion.privacy_part_outcomes WHERE "
                        + "request_id = $1").execute(Tuple.of(request))
                        .map(rows -> counts(rows.iterator().next().getString(0)));
            }
            return work.apply(conn).call(counts -> conn.preparedQuery("UPDATE ingestion.privacy_part_outcomes "
                    + "SET counts = $2::text::jsonb WHERE request_id = $1").execute(Tuple.of(request,
                            new String(EventJson.write(counts), StandardCharsets.UTF_8))));
        }));
    }

    private static Map<String, Long> counts(String text) {
        try {
            return JSON.readValue(text, COUNTS);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored counts are JSON we wrote", e);
        }
    }
}
