package dev.clv.ingestion.privacy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.clv.contracts.privacy.PrivacyRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/** The stored privacy requests: made, found and listed for their tenant, and published in order. */
@ApplicationScoped
public class PrivacyRequests {
    private static final String VIEW = "id, type, status, customer_count, requested_at, updated_at";
    private static final String INSERT = "INSERT INTO ingestion.privacy_requests (id, tenant_id, type, "
            + "customer_ids, customer_count) VALUES ($1, $2, $3, $4::text[], $5) RETURNING " + VIEW;
    private static final String LIST = "SELECT " + VIEW + " FROM ingestion.privacy_requests WHERE tenant_id = $1 "
            + "AND ($2::text IS NULL OR status = $2) AND ($3::uuid IS NULL OR (requested_at, id) < (SELECT "
            + "requested_at, id FROM ingestion.privacy_requests WHERE tenant_id = $1 AND id = $3)) "
            + "ORDER BY requested_at DESC, id DESC LIMIT $4";
    private static final String UNPUBLISHED = "SELECT id, tenant_id, type, customer_ids, requested_at FROM "
            + "ingestion.privacy_requests WHERE tenant_id = $1 AND NOT published ORDER BY requested_at, id LIMIT 1000";
    // one publisher per tenant across replicas (a session lock, so each publish is committed as it is acknowledged)
    private static final String LOCK = "SELECT pg_try_advisory_lock(hashtextextended($1, 0))";
    private static final String UNLOCK = "SELECT pg_advisory_unlock(hashtextextended($1, 0))";
    private final Pool pool;

    public PrivacyRequests(Pool pool) {
        this.pool = pool;
    }

    Uni<RequestView> insert(UUID id, String tenant, NewRequest request) {
        return pool.preparedQuery(INSERT).execute(Tuple.of(id, tenant, request.type(), request.customerIds()
                .toArray(String[]::new), request.customerIds().size())).map(rows -> view(rows.iterator().next()));
    }

    Uni<Optional<RequestView>> find(String tenant, UUID id) {
        return pool.preparedQuery("SELECT " + VIEW + " FROM ingestion.privacy_requests WHERE tenant_id = $1 AND "
                + "id = $2").execute(Tuple.of(tenant, id)).map(rows -> rows.size() == 0
                        ? Optional.empty()
                        : Optional.of(view(rows.iterator().next())));
    }

    /** The tenant's requests (of {@code status}, when given), newest first, after {@code after} (exclusive). */
    Uni<List<RequestView>> list(String tenant, String status, UUID after, int limit) {
        return pool.preparedQuery(LIST).execute(Tuple.of(tenant, status, after, limit))
                .map(rows -> rows.stream().map(PrivacyRequests::view).toList());
    }

    /** The ids a request still names (an erase since may have removed some). */
    Uni<List<String>> customerIds(UUID id) {
        return pool.preparedQuery("SELECT customer_ids FROM ingestion.privacy_requests WHERE id = $1")
                .execute(Tuple.of(id)).map(rows -> List.of(rows.iterator().next().getArrayOfStrings(0)));
    }

    /** Tenants with a request Kafka has not acknowledged for longer than {@code age}. */
    Uni<List<String>> overdueTenants(Duration age) {
        return pool.preparedQuery("SELECT DISTINCT tenant_id FROM ingestion.privacy_requests WHERE NOT published "
                + "AND requested_at < now() - make_interval(secs => $1)").execute(Tuple.of(age.toMillis() / 1000.0))
                .map(rows -> rows.stream().map(r -> r.getString(0)).toList());
    }

    boolean lock(SqlConnection conn, String tenant) {
        return conn.preparedQuery(LOCK).execute(Tuple.of("ingestion.privacy-publish:" + tenant))
                .await().atMost(Duration.ofSeconds(10)).iterator().next().getBoolean(0);
    }

    void unlock(SqlConnection conn, String tenant) {
        conn.preparedQuery(UNLOCK).execute(Tuple.of("ingestion.privacy-publish:" + tenant)).await()
                .atMost(Duration.ofSeconds(10));
    }

    List<PrivacyRequest> unpublished(SqlConnection conn, String tenant) {
        return conn.preparedQuery(UNPUBLISHED).execute(Tuple.of(tenant)).await().atMost(Duration.ofSeconds(10))
                .stream().map(r -> new PrivacyRequest(r.getUUID(0), r.getString(1), r.getString(2),
                        List.of(r.getArrayOfStrings(3)), r.getOffsetDateTime(4).toInstant()))
                .toList();
    }

    void markPublished(SqlConnection conn, UUID id) {
        conn.preparedQuery("UPDATE ingestion.privacy_requests SET published = true WHERE id = $1")
                .execute(Tuple.of(id)).await().atMost(Duration.ofSeconds(10));
    }

    private static RequestView view(Row r) {
        return new RequestView(r.getUUID(0), r.getString(1), r.getString(2), r.getInteger(3),
                r.getOffsetDateTime(4), r.getOffsetDateTime(5), null);
    }
}
