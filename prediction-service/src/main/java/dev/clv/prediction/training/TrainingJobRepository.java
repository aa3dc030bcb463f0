package dev.clv.prediction.training;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Training jobs: created queued, advanced by the runner, cancelled by their owner. */
@ApplicationScoped
public class TrainingJobRepository {
    private static final String COLUMNS = "id, model_type, status, progress, stage, model_id, error, request, "
            + "created_at, updated_at";
    private final Pool pool;

    public TrainingJobRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<TrainingJob> create(UUID id, String tenant, String type, JsonObject request) {
        return pool.preparedQuery("INSERT INTO prediction.training_jobs (id, tenant_id, model_type, status, request) "
                + "VALUES ($1, $2, $3, 'queued', $4) RETURNING " + COLUMNS)
                .execute(Tuple.of(id, tenant, type, request)).map(rows -> job(rows.iterator().next()));
    }

    public Uni<TrainingJob> find(String tenant, UUID id) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM prediction.training_jobs WHERE tenant_id = $1 AND "
                + "id = $2").execute(Tuple.of(tenant, id))
                .map(rows -> rows.size() == 0 ? null : job(rows.iterator().next()));
    }

    /** Records progress of a running job; answers whether its owner asked to cancel it. */
    public Uni<Boolean> progress(UUID id, double progress, String stage) {
        return pool.preparedQuery("UPDATE prediction.training_jobs SET status = 'running', progress = $2, stage = $3, "
                + "updated_at = now() WHERE id = $1 AND status IN ('queued', 'running') RETURNING cancel")
                .execute(Tuple.of(id, progress, stage))
                .map(rows -> rows.size() == 0 || rows.iterator().next().getBoolean("cancel"));
    }

    public Uni<Void> finish(UUID id, String status, UUID modelId, String error) {
        // an error message may quote binary data; PostgreSQL text takes no NUL, and nobody reads a novel
        String text = error == null ? null : error.replaceAll("\\p{Cntrl}", " ");
        String shortText = text == null || text.length() <= 1000 ? text : text.substring(0, 1000) + "…";
        return pool.preparedQuery("UPDATE prediction.training_jobs SET status = $2, model_id = $3, error = $4, "
                + "progress = CASE WHEN $2 = 'succeeded' THEN 1 ELSE progress END, updated_at = now() WHERE id = $1")
                .execute(Tuple.of(id, status, modelId, shortText)).replaceWithVoid();
    }

    /** Asks a queued or running job to stop; answers the job, or null when the tenant has no such job. */
    public Uni<TrainingJob> cancel(String tenant, UUID id) {
        return pool.preparedQuery("UPDATE prediction.training_jobs SET cancel = true, status = CASE WHEN status = "
                + "'queued' THEN 'cancelled' ELSE status END, updated_at = now() WHERE tenant_id = $1 AND id = $2 "
                + "RETURNING " + COLUMNS).execute(Tuple.of(tenant, id))
                .map(rows -> rows.size() == 0 ? null : job(rows.iterator().next()));
    }

    /**
     * Jobs whose replica stopped can never finish; they fail, saying why. A running job beats every few seconds; a
     * queued one waits silently behind others, so it is given hours.
     */
    public Uni<Integer> failStale(java.time.Duration after) {
        return pool.preparedQuery("UPDATE prediction.training_jobs SET status = 'failed', error = 'the replica "
                + "running it stopped; start the job again', updated_at = now() WHERE (status = 'running' AND "
                + "updated_at < now() - make_interval(secs => $1)) OR (status = 'queued' AND updated_at < now() - "
                + "interval '6 hours')")
                .execute(Tuple.of((double) after.toSeconds())).map(rows -> rows.rowCount());
    }

    private static TrainingJob job(Row r) {
        return new TrainingJob(r.getUUID("id"), r.getString("model_type"), r.getString("status"),
                r.getDouble("progress"), r.getString("stage"), r.getUUID("model_id"), r.getString("error"),
                r.getJsonObject("request") == null ? null : r.getJsonObject("request").getMap(),
                r.getOffsetDateTime("created_at"), r.getOffsetDateTime("updated_at"));
    }
}
