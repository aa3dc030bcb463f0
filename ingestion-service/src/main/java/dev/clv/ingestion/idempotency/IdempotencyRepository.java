package dev.clv.ingestion.idempotency;

import java.time.OffsetDateTime;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Stores idempotency keys: who holds one, for which request, and the answer once there is one. */
@ApplicationScoped
public class IdempotencyRepository {
    /** A stored key: the request fingerprint, whether it is still being processed, and the answer if done. */
    public record StoredKey(String fingerprint, boolean inFlight, Integer status, String response) {
    }

    // takes a new key, or one whose answer expired, or one abandoned in flight by a process that died
    private static final String CLAIM = """
            INSERT INTO ingestion.idempotency_keys AS k
              (tenant_id, idem_key, fingerprint, state, created_at, updated_at)
            VALUES ($1, $2, $3, 'in_flight', now(), now())
            ON CONFLICT (tenant_id, idem_key) DO UPDATE SET fingerprint = excluded.fingerprint, state = 'in_flight',
              status = NULL, response = NULL, created_at = now(), updated_at = now()
            WHERE k.created_at < $4 OR (k.state = 'in_flight' AND k.updated_at < $5)
            RETURNING 1
            """;
    private final Pool pool;

    public IdempotencyRepository(Pool pool) {
        this.pool = pool;
    }

    /** True when this request now holds the key; false when another request's claim or answer stands. */
    public Uni<Boolean> claim(String tenant, String key, String fingerprint, OffsetDateTime expiredBefore,
            OffsetDateTime abandonedBefore) {
        return pool.preparedQuery(CLAIM).execute(Tuple.of(tenant, key, fingerprint, expiredBefore, abandonedBefore))
                .map(rows -> rows.size() == 1);
    }

    public Uni<Optional<StoredKey>> find(String tenant, String key) {
        return pool.preparedQuery("SELECT fingerprint, state, status, response FROM ingestion.idempotency_keys "
                + "WHERE tenant_id = $1 AND idem_key = $2").execute(Tuple.of(tenant, key)).map(rows -> {
                    if (rows.size() == 0) {
                        return Optional.empty();
                    }
                    Row r = rows.iterator().next();
                    return Optional.of(new StoredKey(r.getString(0), "in_flight".equals(r.getString(1)),
                            r.getInteger(2), r.getString(3)));
                });
    }

    public Uni<Void> complete(String tenant, String key, int status, String response) {
        return pool.preparedQuery("UPDATE ingestion.idempotency_keys SET state = 'done', status = $3, response = $4, "
                + "updated_at = now() WHERE tenant_id = $1 AND idem_key = $2")
                .execute(Tuple.of(tenant, key, status, response)).replaceWithVoid();
    }

    /** Frees a key whose request failed, so that a retry with it is processed rather than refused. */
    public Uni<Void> release(String tenant, String key) {
        return pool.preparedQuery("DELETE FROM ingestion.idempotency_keys WHERE tenant_id = $1 AND idem_key = $2 "
                + "AND state = 'in_flight'").execute(Tuple.of(tenant, key)).replaceWithVoid();
    }
}
