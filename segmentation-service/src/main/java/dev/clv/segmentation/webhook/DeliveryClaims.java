package dev.clv.segmentation.webhook;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.clv.segmentation.webhook.secret.SecretCipher;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Claims due webhook deliveries for the dispatcher, fairly across tenants and endpoints, with their endpoints'
 * secrets decrypted (a secret that cannot be decrypted is null: the attempt fails, the reason is logged).
 */
@ApplicationScoped
public class DeliveryClaims {
    private static final Logger LOG = Logger.getLogger(DeliveryClaims.class);
    // Claims are fair: each enabled endpoint without a lane running offers its oldest due deliveries (one probe of the
    // due-by-endpoint index each, at most $3, the lane's depth), and the batch takes them round robin, every tenant's
    // first, then every tenant's second, a tenant's endpoints in turn: one endpoint's backlog cannot crowd out another
    // tenant's, and a tenant with many endpoints takes no more turns than one with a single endpoint. An endpoint's
    // claimed messages are its lane: the claim leases the endpoint (lane_until), not the messages, so no other claim
    // takes them while the lane runs and a message is written once per attempt, when it is recorded. A worker that
    // dies leaves the lease to run out and its messages still due. Disabled endpoints are not read: their deliveries
    // are held. Claims take a transaction-scoped advisory lock first, so that each one sees the leases of every claim
    // before it, on every replica
    private static final String CLAIM_LOCK = "SELECT pg_advisory_xact_lock(hashtext('segmentation.webhook-claims'), 0)";
    private static final String CLAIM = """
            WITH ready AS (
              SELECT w.id, w.tenant_id, o.next_attempt_at AS oldest
              FROM segmentation.webhooks w
              CROSS JOIN LATERAL (
                SELECT d.next_attempt_at FROM segmentation.webhook_deliveries d
                WHERE d.webhook_id = w.id AND d.status = 'pending' AND d.next_attempt_at <= now()
                ORDER BY d.next_attempt_at LIMIT 1) o
              WHERE w.status = 'enabled' AND (w.lane_until IS NULL OR w.lane_until <= now())
            ), chosen AS (
              SELECT id, tenant_id FROM (
                SELECT r.*, row_number() OVER (PARTITION BY r.tenant_id ORDER BY r.oldest, r.id) AS turn FROM ready r
              ) x ORDER BY turn, oldest LIMIT least($1::int, $4::int)
            ), due AS (
              SELECT d.id, c.tenant_id, d.webhook_id, d.next_attempt_at FROM chosen c CROSS JOIN LATERAL (
                SELECT x.id, x.webhook_id, x.next_attempt_at FROM segmentation.webhook_deliveries x
                WHERE x.webhook_id = c.id AND x.status = 'pending' AND x.next_attempt_at <= now()
                ORDER BY x.next_attempt_at LIMIT $3) d
            ), picked AS (
              SELECT y.id, y.webhook_id, y.turn FROM (
                SELECT e.id, e.webhook_id, e.next_attempt_at,
                  row_number() OVER (PARTITION BY e.tenant_id ORDER BY e.k, e.next_attempt_at) AS turn
                FROM (SELECT due.*, row_number() OVER (PARTITION BY webhook_id ORDER BY next_attempt_at) AS k
                  FROM due) e
              ) y ORDER BY y.turn, y.next_attempt_at LIMIT $1
            ), lanes AS (
              UPDATE segmentation.webhooks w SET lane_until = now() + make_interval(secs => $2)
              WHERE w.id IN (SELECT webhook_id FROM picked)
              RETURNING w.id, w.url, w.secret, w.lane_until,
                CASE WHEN w.previous_secret_expires_at > now() THEN w.previous_secret END AS previous_secret
            )
            SELECT d.id, d.body, d.attempts + 1 AS attempt, l.id AS webhook_id, l.url, l.secret, l.previous_secret,
              l.lane_until, d.traceparent
            FROM picked p JOIN segmentation.webhook_deliveries d ON d.id = p.id JOIN lanes l ON l.id = p.webhook_id
            ORDER BY p.turn
            """;
    // a lane's next messages: its lease renewed (if it is still the lane's and the endpoint still enabled), then the
    // endpoint's oldest due messages but those the lane holds unrecorded; a row with a null id when none are due
    private static final String NEXT = """
            WITH lane AS (
              UPDATE segmentation.webhooks SET lane_until = now() + make_interval(secs => $3)
              WHERE id = $1 AND lane_until = $2 AND status = 'enabled'
              RETURNING id, url, secret, lane_until,
                CASE WHEN previous_secret_expires_at > now() THEN previous_secret END AS previous_secret
            )
            SELECT d.id, d.body, d.attempts + 1 AS attempt, l.id AS webhook_id, l.url, l.secret, l.previous_secret,
              l.lane_until, d.traceparent
            FROM lane l LEFT JOIN LATERAL (
              SELECT x.id, x.body, x.attempts, x.next_attempt_at, x.traceparent FROM segmentation.webhook_deliveries x
              WHERE x.webhook_id = l.id AND x.status = 'pending' AND x.next_attempt_at <= now()
                AND NOT (x.id = ANY($5)) ORDER BY x.next_attempt_at LIMIT $4) d ON true
            ORDER BY d.next_attempt_at
            """;
    private final Pool pool;
    private final SecretCipher cipher;

    public DeliveryClaims(Pool pool, SecretCipher cipher) {
        this.pool = pool;
        this.cipher = cipher;
    }

    /**
     * Up to {@code limit} due deliveries of at most {@code endpoints} endpoints, fairly across tenants and endpoints, at
     * most {@code depth} of one endpoint, each endpoint leased for {@code lease}.
     */
    public Uni<List<DeliveryRepository.Claimed>> claim(int limit, Duration lease, int depth, int endpoints) {
        return pool.withTransaction(db -> db.query(CLAIM_LOCK).execute().chain(() -> db.preparedQuery(CLAIM)
                .execute(Tuple.of(limit, seconds(lease), depth, endpoints)))).map(this::claimed);
    }

    /** What a lane renewing its lease found. */
    public record Next(OffsetDateTime lane, List<DeliveryRepository.Claimed> messages) {
        /** The lease is no longer the lane's (it ran out and another claim took it, or the endpoint was disabled). */
        public boolean lost() {
            return lane == null;
        }
    }

    /**
     * Renews lane {@code lane} of {@code webhook} for {@code lease} and takes up to {@code depth} more of its due
     * messages, none of {@code held} (the lane's, sent or not, not yet recorded).
     */
    public Uni<Next> next(UUID webhook, OffsetDateTime lane, Duration lease, int depth, Collection<String> held) {
        return pool.preparedQuery(NEXT).execute(Tuple.of(webhook, lane, seconds(lease), depth,
                held.toArray(String[]::new))).map(rows -> {
                    if (rows.size() == 0) {
                        return new Next(null, List.of());
                    }
                    OffsetDateTime renewed = rows.iterator().next().getOffsetDateTime("lane_until");
                    return new Next(renewed, rows.iterator().next().getString("id") == null
                            ? List.of()
                            : claimed(
                                    rows));
                });
    }

    private List<DeliveryRepository.Claimed> claimed(RowSet<Row> rows) {
        List<DeliveryRepository.Claimed> out = new ArrayList<>(rows.size());
        Map<String, String> secrets = new HashMap<>(); // a lane's rows share their endpoint's
        for (Row r : rows) {
            UUID webhook = r.getUUID("webhook_id");
            out.add(new DeliveryRepository.Claimed(r.getString("id"), r.getString("body"), r.getInteger("attempt"),
                    webhook, r.getString("url"), secrets.computeIfAbsent(r.getString("secret"), stored -> secret(
                            webhook, stored)),
                    secrets.computeIfAbsent(r.getString("previous_secret"),
                            stored -> secret(webhook, stored)),
                    r.getOffsetDateTime("lane_until"), r.getString("traceparent")));
        }
        return out;
    }

    private static double seconds(Duration d) {
        return (double) d.toMillis() / 1000;
    }

    private String secret(UUID webhook, String stored) {
        try {
            return stored == null ? null : cipher.decrypt(stored, webhook);
        } catch (SecretCipher.Unreadable e) {
            LOG.errorf("Webhook %s: its signing secret cannot be read (%s)", webhook, e.getMessage());
            return null;
        }
    }
}
