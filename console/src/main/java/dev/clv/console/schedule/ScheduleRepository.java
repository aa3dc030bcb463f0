package dev.clv.console.schedule;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import dev.clv.console.view.ViewParams;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** The schedules and their archive in the console's schema; every read and delete names the tenant and owner. */
@ApplicationScoped
public class ScheduleRepository {
    private static final String COLUMNS = "id, tenant_id, owner_sub, owner_name, view_name, params, days, cadence, "
            + "day_of_week, day_of_month, local_time, zone, email, next_run_at, last_run_at, last_error";
    private final Pool pool;

    public ScheduleRepository(Pool pool) {
        this.pool = pool;
    }

    /** A schedule due to run at {@code at} (its occurrence, which sets its range) with its sealed token. */
    public record Due(Schedule schedule, byte[] token, Instant at) {
    }

    /** One archived run: its PDF is fetched on its own. */
    public record Archived(UUID id, UUID scheduleId, String view, String fileName, LocalDate from, LocalDate to,
            Instant ranAt, boolean hasPdf, String error, String emailedTo) {
    }

    public Uni<Void> insert(Schedule s, byte[] token) {
        return pool.preparedQuery("INSERT INTO console.report_schedules (" + COLUMNS + ", token) VALUES ($1, $2, "
                + "$3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)").execute(Tuple
                        .tuple(List.of(
                                s.id(), s.tenant(), s.ownerSub(), s.ownerName(), s.view(), params(s.params()), s.days(),
                                s.cadence()))
                        .addValue(s.dayOfWeek()).addValue(s.dayOfMonth()).addLocalTime(s.time())
                        .addString(s.zone().getId())
                        .addString(s.email()).addOffsetDateTime(utc(s.nextRunAt())).addOffsetDateTime(null)
                        .addString(null)
                        .addBuffer(Buffer.buffer(token)))
                .replaceWithVoid();
    }

    public Uni<List<Schedule>> mine(String tenant, String owner) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM console.report_schedules WHERE tenant_id = $1 AND "
                + "owner_sub = $2 ORDER BY created_at").execute(Tuple.of(tenant, owner)).map(rows -> {
                    List<Schedule> out = new ArrayList<>();
                    rows.forEach(r -> out.add(schedule(r)));
                    return out;
                });
    }

    public Uni<Boolean> delete(UUID id, String tenant, String owner) {
        return pool.preparedQuery("DELETE FROM console.report_schedules WHERE id = $1 AND tenant_id = $2 AND "
                + "owner_sub = $3").execute(Tuple.of(id, tenant, owner)).map(r -> r.rowCount() == 1);
    }

    /**
     * Claims up to {@code batch} due schedules: each moves to its next run in the same transaction (a row locked by
     * another replica is skipped), so an occurrence runs once even with several consoles.
     */
    public Uni<List<Due>> claimDue(int batch, Instant now) {
        return pool.withTransaction(tx -> tx.preparedQuery("SELECT " + COLUMNS + ", token FROM "
                + "console.report_schedules WHERE next_run_at <= $1 ORDER BY next_run_at LIMIT $2 "
                + "FOR UPDATE SKIP LOCKED").execute(Tuple.of(utc(now), batch)).flatMap(rows -> {
                    List<Due> due = new ArrayList<>();
                    rows.forEach(r -> due.add(new Due(schedule(r), r.getBuffer("token").getBytes(), r
                            .getOffsetDateTime("next_run_at").toInstant())));
                    if (due.isEmpty()) {
                        return Uni.createFrom().item(due);
                    }
                    List<Tuple> moves = due.stream().map(d -> Tuple.of(d.schedule().id(), utc(d.schedule()
                            .nextAfter(now)))).toList();
                    return tx.preparedQuery("UPDATE console.report_schedules SET next_run_at = $2 WHERE id = $1")
                            .executeBatch(moves).replaceWith(due);
                }));
    }

    /** A schedule of this owner to run now, outside its cadence. */
    public Uni<Due> one(UUID id, String tenant, String owner, Instant now) {
        return pool.preparedQuery("SELECT " + COLUMNS + ", token FROM console.report_schedules WHERE id = $1 AND "
                + "tenant_id = $2 AND owner_sub = $3").execute(Tuple.of(id, tenant, owner)).map(rows -> {
                    for (Row r : rows) {
                        return new Due(schedule(r), r.getBuffer("token").getBytes(), now);
                    }
                    return null;
                });
    }

    /** Records a run: when, its error (null: none), and the owner's token if Keycloak rotated it. */
    public Uni<Void> ran(UUID id, Instant at, String error, byte[] token) {
        return pool.preparedQuery("UPDATE console.report_schedules SET last_run_at = $2, last_error = $3, "
                + "token = coalesce($4, token) WHERE id = $1").execute(Tuple.of(id, utc(at), error, bytes(token)))
                .replaceWithVoid();
    }

    public Uni<Void> archive(Due due, Archived a, byte[] pdf) {
        Schedule s = due.schedule();
        return pool.preparedQuery("INSERT INTO console.report_archive (id, schedule_id, tenant_id, owner_sub, "
                + "view_name, file_name, range_from, range_to, ran_at, pdf, error, emailed_to) VALUES ($1, $2, $3, "
                + "$4, $5, $6, $7, $8, $9, $10, $11, $12)").execute(Tuple
                        .tuple(List.of(a.id(), s.id(), s.tenant(),
                                s.ownerSub(), s.view(), a.fileName(), a.from(), a.to(), utc(a.ranAt())))
                        .addValue(bytes(pdf)).addString(a.error())
                        .addString(a.emailedTo()))
                .replaceWithVoid();
    }

    public Uni<List<Archived>> archived(String tenant, String owner, int limit) {
        return pool.preparedQuery("SELECT id, schedule_id, view_name, file_name, range_from, range_to, ran_at, "
                + "pdf IS NOT NULL AS has_pdf, error, emailed_to FROM console.report_archive WHERE tenant_id = $1 "
                + "AND owner_sub = $2 ORDER BY ran_at DESC LIMIT $3").execute(Tuple.of(tenant, owner, limit))
                .map(rows -> {
                    List<Archived> out = new ArrayList<>();
                    rows.forEach(r -> out.add(new Archived(r.getUUID("id"), r.getUUID("schedule_id"), r.getString(
                            "view_name"), r.getString("file_name"), r.getLocalDate("range_from"),
                            r.getLocalDate(
                                    "range_to"),
                            r.getOffsetDateTime("ran_at").toInstant(), r.getBoolean("has_pdf"), r.getString("error"),
                            r.getString("emailed_to"))));
                    return out;
                });
    }

    /** An archived PDF of this owner, with its file name; null when there is none. */
    public Uni<Map.Entry<String, byte[]>> pdf(UUID id, String tenant, String owner) {
        return pool.preparedQuery("SELECT file_name, pdf FROM console.report_archive WHERE id = $1 AND tenant_id = "
                + "$2 AND owner_sub = $3 AND pdf IS NOT NULL").execute(Tuple.of(id, tenant, owner)).map(rows -> {
                    for (Row r : rows) {
                        return Map.entry(r.getString("file_name"), r.getBuffer("pdf").getBytes());
                    }
                    return null;
                });
    }

    private static Schedule schedule(Row r) {
        OffsetDateTime last = r.getOffsetDateTime("last_run_at");
        return new Schedule(r.getUUID("id"), r.getString("tenant_id"), r.getString("owner_sub"), r.getString(
                "owner_name"), r.getString("view_name"), params(r.getString("params")), r.getInteger("days"),
                r
                        .getString("cadence"),
                r.getInteger("day_of_week"), r.getInteger("day_of_month"), r.getLocalTime("local_time"), ZoneId.of(r
                        .getString("zone")),
                r.getString("email"), r.getOffsetDateTime("next_run_at").toInstant(), last == null
                        ? null
                        : last.toInstant(),
                r.getString("last_error"));
    }

    static String params(Map<String, String> params) {
        return params.entrySet().stream().map(e -> ViewParams.encode(e.getKey()) + "=" + ViewParams.encode(e
                .getValue())).collect(Collectors.joining("&"));
    }

    static Map<String, String> params(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : text.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair
                        .substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    // a nullable BYTEA parameter: the client takes Vert.x's own buffer as a value (the Mutiny wrapper only typed)
    private static io.vertx.core.buffer.Buffer bytes(byte[] b) {
        return b == null ? null : io.vertx.core.buffer.Buffer.buffer(b);
    }

    private static OffsetDateTime utc(Instant at) {
        return at == null ? null : at.atOffset(ZoneOffset.UTC);
    }
}
