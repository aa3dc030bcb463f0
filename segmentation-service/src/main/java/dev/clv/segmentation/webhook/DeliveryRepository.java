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

/** The outbox of webhook messages: recording attempts (claims are {@link DeliveryClaims}'), and what owners see of them. */
@ApplicationScoped
public class DeliveryRepository {
    // one statement records a whole batch of attempts (one commit instead of one per delivery). An
    // attempt is recorded in its delivery's row if the row is as claimed (pending, attempts one less); one whose lane
    // ran out and was taken over (the row moved on) records its log line only, and one whose delivery was deleted
    // meanwhile (its endpoint removed) records nothing; the rest of the batch is still recorded (a foreign-key error
    // would lose the whole batch's outcomes and resend them all): log lines are written for rows this statement
    // updated or locked, which a delete cannot take away before it commits. Successes are kept in the delivery row
    // alone: the log holds the other attempts. Per endpoint, a success in the batch clears its failure clock, a 410
    // disables it, and failing for too long disables it with the last error; the endpoint row is written only when one
    // of those changes
    private static final String FINISH = """
            WITH r AS (
              SELECT * FROM unnest($1::text[], $2::int[], $3::int[], $4::text[], $5::int[], $6::text[],
                $7::timestamptz[]) AS r(id, attempt, status_code, error, latency_ms, kind, next)
            ), d AS (
              UPDATE segmentation.webhook_deliveries d SET
                status = CASE r.kind WHEN 'retry' THEN 'pending' WHEN 'succeeded' THEN 'succeeded' ELSE 'failed' END,
                attempts = r.attempt, next_attempt_at = coalesce(r.next, d.next_attempt_at),
                last_status = r.status_code, last_error = r.error, last_latency_ms = r.latency_ms,
                finished_at = CASE WHEN r.kind = 'retry' THEN NULL ELSE $8 END
              FROM r WHERE d.id = r.id AND d.attempts = r.attempt - 1 AND d.status = 'pending'
              RETURNING d.id, d.webhook_id, r.kind, coalesce(r.error, 'HTTP ' || r.status_code) AS what
            ), taken_over AS (
              SELECT x.id FROM segmentation.webhook_deliveries x
              WHERE x.id IN (SELECT id FROM r) AND x.id NOT IN (SELECT id FROM d) FOR KEY SHARE
            ), logged AS (
              INSERT INTO segmentation.webhook_attempts
              SELECT id, attempt, $8, status_code, error, latency_ms FROM r
              WHERE (r.kind <> 'succeeded' AND id IN (SELECT id FROM d)) OR id IN (SELECT id FROM taken_over)
              ON CONFLICT DO NOTHING
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
            """;
    private final Pool pool;

    public DeliveryRepository(Pool pool) {
        this.pool = pool;
    }

    /** A claimed delivery, with what its attempt needs; {@code lane}: its endpoint's lease, which ends the lane. */
    public record Claimed(String id, String body, int attempt, UUID webhookId, String url, String secret,
            String previousSecret, OffsetDateTime lane, String traceparent) {
    }

    /**
     * How an attempt ended: succeeded, retry (at {@code next}), failed (no more tries) or gone (410); or released:
     * not attempted (its lane ran out of time), still due as it was.
     */
    public record Outcome(String kind, Integer statusCode, String error, int latencyMs, OffsetDateTime next) {
        public static final Outcome RELEASED = new Outcome("released", null, null, 0, null);
    }

    /** Records the attempts of a batch; {@code outcomes[i]} is how {@code claimed[i]} ended. */
    public Uni<Void> finish(List<Claimed> claimed, List<Outcome> outcomes, OffsetDateTime at, Duration disableAfter) {
        List<String> ids = new ArrayList<>();
        List<Integer> attempts = new ArrayList<>();
        List<Integer> codes = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        List<Integer> latencies = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        List<OffsetDateTime> next = new ArrayList<>();
        for (int i = 0; i < claimed.size(); i++) {
            Claimed c = claimed.get(i);
            Outcome o = outcomes.get(i);
            if (o == Outcome.RELEASED) {
                continue; // no request was made: the message is due as it was
            }
            ids.add(c.id());
            attempts.add(c.attempt());
            codes.add(o.statusCode());
            errors.add(o.error());
            latencies.add(o.latencyMs());
            kinds.add(o.kind());
            next.add(o.next());
        }
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery(FINISH).execute(Tuple.tuple().addArrayOfString(ids.toArray(String[]::new))
                .addArrayOfInteger(attempts.toArray(Integer[]::new)).addArrayOfInteger(codes.toArray(Integer[]::new))
                .addArrayOfString(errors.toArray(String[]::new)).addArrayOfInteger(latencies.toArray(Integer[]::new))
                .addArrayOfString(kinds.toArray(String[]::new))
                .addArrayOfOffsetDateTime(next.toArray(OffsetDateTime[]::new)).addOffsetDateTime(at)
                .addDouble((double) disableAfter.toSeconds())).replaceWithVoid();
    }

    /** Ends an endpoint's lane, unless its lease ran out and another claim holds the endpoint now. */
    public Uni<Void> endLane(UUID webhook, OffsetDateTime lane) {
        return pool
                .preparedQuery("UPDATE segmentation.webhooks SET lane_until = NULL WHERE id = $1 AND lane_until = $2")
                .execute(Tuple.of(webhook, lane)).replaceWithVoid();
    }

    /** The endpoint's newest deliveries with their attempts; null when the tenant has no such endpoint. */
    public Uni<List<Delivery>> list(String tenant, UUID webhook, String status, int limit) {
        return pool.preparedQuery("""
                SELECT d.*, (SELECT json_agg(json_build_object('attempt', a.attempt, 'attempted_at',
                  segmentation.iso(a.attempted_at), 'status_code', a.status_code, 'error', a.error, 'latency_ms',
                  a.latency_ms) ORDER BY a.attempt) FROM segmentation.webhook_attempts a WHERE a.delivery_id = d.id)
                  AS log, (SELECT w.status FROM segmentation.webhooks w WHERE w.id = d.webhook_id) AS endpoint_status
                FROM segmentation.webhook_deliveries d WHERE d.tenant_id = $1 AND d.webhook_id = $2
                  AND ($3::text IS NULL OR d.status = $3) ORDER BY d.created_at DESC, d.id LIMIT $4""")
                .execute(Tuple.of(tenant, webhook, status, limit))
                .map(rows -> rows.stream().map(DeliveryRepository::delivery).toList());
    }

    /** Queues a delivery again at once, with the same id; false if the tenant's endpoint has no such delivery. */
    public Uni<Boolean> redeliver(String tenant, UUID webhook, String delivery) {
        // a success lives in the delivery row alone: it goes into the log before the next attempt overwrites it
        return pool.preparedQuery("""
                WITH kept AS (
                  INSERT INTO segmentation.webhook_attempts SELECT id, attempts, finished_at, last_status, last_error,
                    last_latency_ms FROM segmentation.webhook_deliveries
                  WHERE tenant_id = $1 AND webhook_id = $2 AND id = $3 AND status = 'succeeded' ON CONFLICT DO NOTHING)
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
        int attempts = r.getInteger("attempts");
        if ("succeeded".equals(r.getString("status"))
                && (log.isEmpty() || log.get(log.size() - 1).attempt() < attempts)) {
            log.add(new Delivery.Attempt(attempts, r.getOffsetDateTime("finished_at"), r.getInteger("last_status"),
                    null, r.getInteger("last_latency_ms")));
        }
        // a disabled endpoint's pending deliveries are held: no attempt is planned until it is enabled
        boolean pending = "pending".equals(r.getString("status")) && "enabled".equals(r.getString("endpoint_status"));
        return new Delivery(r.getString("id"), r.getString("event_type"), r.getString("status"), attempts,
                pending ? r.getOffsetDateTime("next_attempt_at") : null, r.getInteger("last_status"),
                r.getString("last_error"), r.getOffsetDateTime("created_at"), r.getOffsetDateTime("finished_at"), log);
    }
}
