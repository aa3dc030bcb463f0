package dev.clv.segmentation.webhook;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.clv.segmentation.webhook.secret.SecretCipher;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** The tenant's webhook endpoints and their secrets (stored encrypted, {@link SecretCipher}). */
@ApplicationScoped
public class WebhookRepository {
    private static final String COLUMNS = "id, url, events, description, status, disabled_reason, disabled_at, "
            + "failing_since, CASE WHEN previous_secret_expires_at > now() THEN previous_secret_expires_at END "
            + "AS previous_secret_expires_at, created_at";
    private final Pool pool;
    private final SecretCipher cipher;

    public WebhookRepository(Pool pool, SecretCipher cipher) {
        this.pool = pool;
        this.cipher = cipher;
    }

    /**
     * Registers an endpoint unless the tenant has {@code max} already (then null). Registrations of one tenant take
     * a transaction-scoped advisory lock, so two at once cannot both pass the count.
     */
    public Uni<Webhook> insert(String tenant, UUID id, String url, List<String> events, String description,
            String secret, int max) {
        return pool.withTransaction(db -> db.preparedQuery("SELECT pg_advisory_xact_lock(hashtextextended($1, 11))")
                .execute(Tuple.of(tenant))
                .chain(() -> db.preparedQuery("SELECT count(*) AS n FROM segmentation.webhooks WHERE tenant_id = $1")
                        .execute(Tuple.of(tenant)))
                .chain(counted -> counted.iterator().next().getLong("n") >= max
                        ? Uni.createFrom().nullItem()
                        : db.preparedQuery("INSERT INTO segmentation.webhooks (id, tenant_id, url, events, "
                                + "description, secret) VALUES ($1, $2, $3, $4, $5, $6) RETURNING " + COLUMNS)
                                .execute(Tuple.of(id, tenant, url, events.toArray(String[]::new), description,
                                        cipher.encrypt(secret, id)))
                                .map(rows -> webhook(rows.iterator().next()).withSecret(secret))));
    }

    public Uni<List<Webhook>> list(String tenant) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM segmentation.webhooks WHERE tenant_id = $1 "
                + "ORDER BY created_at, id LIMIT 1000").execute(Tuple.of(tenant))
                .map(rows -> rows.stream().map(WebhookRepository::webhook).toList());
    }

    public Uni<Webhook> find(String tenant, UUID id) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM segmentation.webhooks WHERE tenant_id = $1 AND id = $2")
                .execute(Tuple.of(tenant, id)).map(rows -> rows.size() == 0 ? null : webhook(rows.iterator().next()));
    }

    /** Deletes the endpoint with its deliveries; false if unknown. */
    public Uni<Boolean> delete(String tenant, UUID id) {
        return pool.preparedQuery("DELETE FROM segmentation.webhooks WHERE tenant_id = $1 AND id = $2")
                .execute(Tuple.of(tenant, id)).map(rows -> rows.rowCount() == 1);
    }

    /** A new secret; the current one keeps signing (as a second signature) until {@code overlapUntil}. */
    public Uni<Webhook> rotate(String tenant, UUID id, String secret, OffsetDateTime overlapUntil) {
        return pool.preparedQuery("UPDATE segmentation.webhooks SET previous_secret = secret, secret = $3, "
                + "previous_secret_expires_at = $4 WHERE tenant_id = $1 AND id = $2 RETURNING " + COLUMNS)
                .execute(Tuple.of(tenant, id, cipher.encrypt(secret, id), overlapUntil))
                .map(rows -> rows.size() == 0 ? null : webhook(rows.iterator().next()).withSecret(secret));
    }

    /**
     * Turns a disabled endpoint back on; its failure clock starts again and what it held (messages queued while it
     * was disabled, and retries it was waiting for) is due at once.
     */
    public Uni<Webhook> enable(String tenant, UUID id) {
        return pool.withTransaction(db -> db.preparedQuery("UPDATE segmentation.webhooks SET status = 'enabled', "
                + "disabled_reason = NULL, disabled_at = NULL, failing_since = NULL WHERE tenant_id = $1 AND id = $2 "
                + "RETURNING " + COLUMNS).execute(Tuple.of(tenant, id)).chain(rows -> rows.size() == 0
                        ? Uni.createFrom().nullItem()
                        : db.preparedQuery("UPDATE segmentation.webhook_deliveries SET next_attempt_at = now() "
                                + "WHERE webhook_id = $1 AND status = 'pending' AND next_attempt_at > now()")
                                .execute(Tuple.of(id)).replaceWith(webhook(rows.iterator().next()))));
    }

    private static Webhook webhook(Row r) {
        return new Webhook(r.getUUID("id"), r.getString("url"), List.of(r.getArrayOfStrings("events")),
                r.getString("description"), r.getString("status"), r.getString("disabled_reason"),
                r.getOffsetDateTime("disabled_at"), r.getOffsetDateTime("failing_since"),
                r.getOffsetDateTime("previous_secret_expires_at"), r.getOffsetDateTime("created_at"), null);
    }
}
