package dev.clv.gateway.ratelimit;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** The usage every replica shares: one statement adds a replica's increments and returns the new totals. */
@ApplicationScoped
public class RateUsageRepository {
    private static final String ADD = """
            INSERT INTO gateway.rate_usage AS u (client, policy, window_start, used)
            SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::bigint[])
            ORDER BY 1, 2, 3
            ON CONFLICT (client, policy, window_start) DO UPDATE SET used = u.used + excluded.used
            RETURNING client, policy, window_start, used""";
    private static final String FORGET = "DELETE FROM gateway.rate_usage WHERE window_start < $1";

    private final Pool pool;

    public RateUsageRepository(Pool pool) {
        this.pool = pool;
    }

    /** Adds each key's delta (zero just reads) and answers every key's total over all replicas. */
    public Uni<Map<RateKey, Long>> add(List<RateKey> keys, List<Long> deltas) {
        int n = keys.size();
        String[] clients = new String[n];
        String[] policies = new String[n];
        OffsetDateTime[] windows = new OffsetDateTime[n];
        Long[] used = deltas.toArray(Long[]::new);
        for (int i = 0; i < n; i++) {
            clients[i] = keys.get(i).client();
            policies[i] = keys.get(i).policy();
            windows[i] = keys.get(i).windowStart().atOffset(ZoneOffset.UTC);
        }
        return pool.preparedQuery(ADD).execute(Tuple.of(clients, policies, windows, used)).map(rows -> {
            Map<RateKey, Long> totals = new HashMap<>();
            for (Row row : rows) {
                totals.put(new RateKey(row.getString(0), row.getString(1),
                        row.getOffsetDateTime(2).toInstant()), row.getLong(3));
            }
            return totals;
        });
    }

    public Uni<Void> forgetBefore(Instant windowStart) {
        return pool.preparedQuery(FORGET).execute(Tuple.of(windowStart.atOffset(ZoneOffset.UTC))).replaceWithVoid();
    }
}
