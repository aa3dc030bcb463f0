package dev.clv.ingestion.ingest;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Claims row ids for good, one statement per request. Claims are made inside the caller's transaction: a
 * concurrent request for the same id waits on the row lock and then sees it taken, and a rollback frees it.
 */
@ApplicationScoped
public class SeenRowsRepository {
    private static final String CLAIM = """
            INSERT INTO ingestion.seen_rows (tenant_id, data_source, row_id)
            SELECT $1, $2, id FROM unnest($3::text[]) AS id
            ON CONFLICT DO NOTHING RETURNING row_id
            """;
    private static final String RELEASE = """
            DELETE FROM ingestion.seen_rows WHERE tenant_id = $1 AND data_source = $2 AND row_id = ANY($3::text[])
            """;

    /** Claims {@code ids}; answers the ones that were new (each once, even if listed twice). */
    public Uni<Set<String>> claim(SqlConnection conn, String tenant, String source, Collection<String> ids) {
        return conn.preparedQuery(CLAIM).execute(Tuple.of(tenant, source, ids.toArray(String[]::new))).map(rows -> {
            Set<String> fresh = new HashSet<>(rows.size() * 2);
            for (Row row : rows) {
                fresh.add(row.getString(0));
            }
            return fresh;
        });
    }

    /** Gives back claims for rows that were not delivered after all, so a retry is not taken for a duplicate. */
    public Uni<Void> release(SqlConnection conn, String tenant, String source, Collection<String> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return conn.preparedQuery(RELEASE).execute(Tuple.of(tenant, source, ids.toArray(String[]::new)))
                .replaceWithVoid();
    }
}
