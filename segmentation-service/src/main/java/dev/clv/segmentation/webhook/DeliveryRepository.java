package dev.clv.segmentation.webhook;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** The outbox of webhook messages: claiming due ones, recording attempts, and what owners see of them. */
@ApplicationScoped
public class DeliveryRepository {
    // the claim pushes next_attempt_at past the attempt's deadline: a worker that dies leaves a delivery that is
    // simply due again later, and SKIP LOCKED lets replicas share the work. It reads the due index in order and stops
    // at the batch: any join or filter on the endpoint there made the planner sort the whole backlog instead (200 ms
    // a claim at 47,000 due). Deliveries of disabled endpoints are parked at infinity, so they are never due; one
    // that slips through (its endpoint disabled meanwhile) is parked here rather than sent
    private static final String CLAIM = """
            WITH due AS (
              SELECT d.id FROM segmentation.webhook_deliveries d
              WHERE d.status = 'pending' AND d.next_attempt_at <= now()
              ORDER BY d.next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED
            ), parked AS (
              UPDATE segmentation.webhook_deliveries d SET next_attempt_at = 'infinity'
              FROM segmentation.webhooks w
              WHERE d.id IN (SELECT id FROM due) AND w.id = d.webhook_id AND w.status <> 'enabled'
            )
            UPDATE segmentation.webhook_deliveries d SET attempts = d.attempts + 1,
              next_attempt_at = now() + make_interval(secs => $2)
            FROM segmentation.webhooks w
            WHERE d.id IN (SELECT id FROM due) AND w.id = d.webhook_id AND w.status = 'enabled'
            RETURNING d.id, d.body, d.attempts, w.id AS webhook_id, w.url, w.secret,
              CASE WHEN w.previous_secret_expires_at > now() THEN w.previous_secret END AS previous_secret
            """;
    private static final String PARK = """
            UPDATE segmentation.webhook_deliveries SET next_attempt_at = 'infinity'
            WHERE webhook_id = ANY($1) AND status = 'pending'
            """;
    // one statement records a whole batch of attempts: one commit instead of one per delivery. An attempt whose
    // lease ran out and was taken over (attempts moved on) records its log line only. Per endpoint, a success in the
    // batch clears its failure clock, a 410 disables it, and failing for too long disables it with the last error;
    // the endpoint row is written only when one of those changes
    private static final String FINISH = """
            WITH r AS (
              SELECT * FROM unnest($1::text[], $2::int[], $3::int[], $4::text[], $5::int[], $6::text[],
                $7::timestamptz[]) AS r(id, attempt, status_code, error, latency_ms, kind, next)
            ), d AS (
              UPDATE segmentation.webhook_deliveries d SET
                status = CASE r.kind WHEN 'retry' THEN 'pending' WHEN 'succeeded' THEN 'succeeded' ELSE 'failed' END,
                next_attempt_at = coalesce(r.next, d.next_attempt_at), last_status = r.status_code,
                last_error = r.error, finished_at = CASE WHEN r.kind = 'retry' THEN NULL ELSE $8 END
              FROM r WHERE d.id = r.id AND d.attempts = r.attempt
              RETURNING d.webhook_id, r.kind, coalesce(r.error, 'HTTP ' || r.status_code) AS what
            ), logged AS (
              INSERT INTO segmentation.webhook_attempts
              SELECT id, attempt, $8, status_code, error, latency_ms FROM r ON CONFLICT DO NOTHING
            ), per AS (
              SELECT webhook_id, bool_or(kind = 'succeeded') AS ok, bool_or(kind = 'gone') AS gone,
                max(what) FILTER (WHERE kind <> 'succeeded') AS what
              FROM d GROUP BY webhook_id
            ), verdict AS (
              SELECT w.id, CASE WHEN p.ok THEN NULL ELSE coalesce(w.failing_since, $8) END AS failing,
                CASE WHEN w.status <> 'enabled' THEN NULL
                  WHEN p.gone THEN 'the endpoint answered 410 Gone'
                  WHEN NOT p.ok AND w.failing_since <= $8 - make_interval(secs => $9)
                    THEN 'no successful delivery since ' || segmentation.iso(w.failing_since)
                      || '; the last attempt: ' || p.what
                END AS reason
              FROM segmentation.webhooks w JOIN per p ON w.id = p.webhook_id
            )
            UPDATE segmentation.webhooks w SET failing_since = v.failing,
              status = CASE WHEN v.reason IS NULL THEN w.status ELSE 'disabled' END,
              disabled_reason = coalesce(v.reason, w.disabled_reason),
              disabled_at = CASE WHEN v.reason IS NULL THEN w.disabled_at ELSE $8 END
            FROM verdict v WHERE w.id = v.id AND (v.reason IS NOT NULL OR v.failing IS DISTINCT FROM w.failing_since)
            RETURNING w.id, v.reason IS NOT NULL AS disabled
            """;
    private final Pool pool;

    public DeliveryRepository(Pool pool) {
        this.pool = pool;
    }

    /** A claimed delivery, with what its attempt needs. */
    public record Claimed(String id, String body, int attempt, UUID webhookId, String url, String secret,
            String previousSecret) {
    }

    /** How an attempt ended: succeeded, retry (at {@code next}), failed (no more tries) or gone (410). */
    public record Outcome(String kind, Integer statusCode, String error, int latencyMs, OffsetDateTime next) {
    }

    public Uni<List<Claimed>> claim(int limit, Duration lease) {
        return pool.preparedQuery(CLAIM).execute(Tuple.of(limit, (double) lease.toSeconds())).map(rows -> {
            List<Claimed> out = new ArrayList<>(rows.size());
            for (Row r : rows) {
                out.add(new Claimed(r.getString("id"), r.getString("body"), r.getInteger("attempts"), r.getUUID(
                        "webhook_id"), r.getString("url"), r.getString("secret"), r.getString("previous_secret")));
            }
            return out;
        });
    }

    /** Records the attempts of a batch; {@code outcomes[i]} is how {@code claimed[i]} ended. */
    public Uni<Void> finish(List<Claimed> claimed, List<Outcome> outcomes, OffsetDateTime at, Duration disableAfter) {
        int n = claimed.size();
        String[] ids = new String[n];
        Integer[] attempts = new Integer[n];
        Integer[] codes = new Integer[n];
        String[] errors = new String[n];
        Integer[] latencies = new Integer[n];
        String[] kinds = new String[n];
        OffsetDateTime[] next = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            Outcome o = outcomes.get(i);
            ids[i] = claimed.get(i).id();
            attempts[i] = claimed.get(i).attempt();
            codes[i] = o.statusCode();
            errors[i] = o.error();
            latencies[i] = o.latencyMs();
            kinds[i] = o.kind();
            next[i] = o.next();
        }
        return pool.preparedQuery(FINISH).execute(Tuple.tuple().addArrayOfString(ids).addArrayOfInteger(attempts)
                .addArrayOfInteger(codes).addArrayOfString(errors).addArrayOfInteger(latencies)
                .addArrayOfString(kinds).addArrayOfOffsetDateTime(next).addOffsetDateTime(at)
                .addDouble((double) disableAfter.toSeconds()))
                .chain(rows -> {
                    List<UUID> disabled = new ArrayList<>();
                    rows.forEach(r -> {
                        if (r.getBoolean("disabled")) {
                            disabled.add(r.getUUID("id"));
                        }
                    });
                    // a disabled endpoint's queue waits for enable (which makes it due again)
                    return disabled.isEmpty()
                            ? Uni.createFrom().voidItem()
                            : pool.preparedQuery(PARK).execute(Tuple.of(disabled.toArray(UUID[]::new)))
                                    .replaceWithVoid();
                });
    }

    /** The endpoint's newest deliveries with their attempts; null when the tenant has no such endpoint. */
    public Uni<List<Delivery>> list(String tenant, UUID webhook, String status, int limit) {
        return pool.preparedQuery("""
                SELECT d.*, (SELECT json_agg(json_build_object('attempt', a.attempt, 'attempted_at',
                  segmentation.iso(a.attempted_at), 'status_code', a.status_code, 'error', a.error, 'latency_ms',
                  a.latency_ms) ORDER BY a.attempt) FROM segmentation.webhook_attempts a WHERE a.delivery_id = d.id)
                  AS log
                FROM segmentation.webhook_deliveries d WHERE d.tenant_id = $1 AND d.webhook_id = $2
                  AND ($3::text IS NULL OR d.status = $3) ORDER BY d.created_at DESC, d.id LIMIT $4""")
                .execute(Tuple.of(tenant, webhook, status, limit))
                .map(rows -> rows.stream().map(DeliveryRepository::delivery).toList());
    }

    /** Queues a delivery again at once, with the same id; false if the tenant's endpoint has no such delivery. */
    public Uni<Boolean> redeliver(String tenant, UUID webhook, String delivery) {
        return pool.preparedQuery("""
                UPDATE segmentation.webhook_deliveries SET status = 'pending', next_attempt_at = now(),
                  finished_at = NULL WHERE tenant_id = $1 AND webhook_id = $2 AND id = $3""")
                .execute(Tuple.of(tenant, webhook, delivery)).map(rows -> rows.rowCount() == 1);
    }

    private static Delivery delivery(Row r) {
        List<Delivery.Attempt> log = new ArrayList<>();
        Object json = r.getValue("log");
        if (json instanceof JsonArray attempts) {
            for (Object o : attempts) {
                JsonObject a = (JsonObject) o;
                log.add(new Delivery.Attempt(a.getInteger("attempt"), OffsetDateTime.parse(a.getString(
                        "attempted_at")), a.getInteger("status_code"), a.getString("error"), a.getInteger(
                                "latency_ms")));
            }
        }
        boolean pending = "pending".equals(r.getString("status"));
        return new Delivery(r.getString("id"), r.getString("event_type"), r.getString("status"), r.getInteger(
                "attempts"), pending ? r.getOffsetDateTime("next_attempt_at") : null, r.getInteger("last_status"),
                r.getString("last_error"), r.getOffsetDateTime("created_at"), r.getOffsetDateTime("finished_at"), log);
    }
}
