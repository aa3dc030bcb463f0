package dev.clv.segmentation.state;

import java.time.OffsetDateTime;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.clv.contracts.rfm.RfmSegments;
import dev.clv.segmentation.criteria.SqlPredicate;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** Each customer's newest known state, the rows segment criteria are evaluated on. */
@ApplicationScoped
public class CustomerStateRepository {
    private static final String PROFILE_COLUMNS = """
            registration_date, country, city, age, gender, acquisition_source, segment, loyalty_tier, is_active,
            attributes, purchase_count, net_revenue, gross_revenue, refund_count, first_purchase_at, last_purchase_at,
            interaction_count, last_interaction_at, satisfaction_sum, satisfaction_count, support_contacts,
            event_count, last_event_at, activity, changed_at""";
    // a redelivered or late snapshot never replaces a newer one
    private static final String UPSERT_PROFILES = """
            INSERT INTO segmentation.customer_state AS c (tenant_id, customer_id, %1$s)
            SELECT tenant_id, customer_id, %1$s
            FROM jsonb_populate_recordset(NULL::segmentation.customer_state, ($1::text)::jsonb)
            ON CONFLICT (tenant_id, customer_id) DO UPDATE SET (%1$s) = (%2$s)
            WHERE c.changed_at IS NULL OR c.changed_at <= excluded.changed_at
            """.formatted(PROFILE_COLUMNS, excluded(PROFILE_COLUMNS));
    private static final String UPSERT_SCORES = """
            INSERT INTO segmentation.customer_state AS c (tenant_id, customer_id, predicted_clv, p_alive,
              expected_purchases, scored_at)
            SELECT tenant_id, customer_id, predicted_clv, p_alive, expected_purchases, scored_at
            FROM jsonb_populate_recordset(NULL::segmentation.customer_state, ($1::text)::jsonb)
            ON CONFLICT (tenant_id, customer_id) DO UPDATE SET predicted_clv = excluded.predicted_clv,
              p_alive = excluded.p_alive, expected_purchases = excluded.expected_purchases,
              scored_at = excluded.scored_at
            WHERE c.scored_at IS NULL OR c.scored_at <= excluded.scored_at
            """;
    // the same all-time RFM as analytics' customer_segmentation pipe: buyers only, days since the last purchase
    private static final String REFRESH_RFM = """
            WITH base AS (
              SELECT customer_id, (last_purchase_at AT TIME ZONE 'UTC')::date AS last_day,
                purchase_count AS frequency, net_revenue AS monetary
              FROM segmentation.customer_state WHERE tenant_id = $1 AND purchase_count > 0
            ), cut AS (
              SELECT %s AS r, %s AS f, %s AS m FROM base
            ), scored AS (
              SELECT customer_id, %s AS r, %s AS f, %s AS m FROM base, cut c
            ), named AS (SELECT *, %s AS name FROM scored)
            UPDATE segmentation.customer_state c SET rfm_r = n.r, rfm_f = n.f, rfm_m = n.m, rfm_segment = n.name
            FROM named n WHERE c.tenant_id = $1 AND c.customer_id = n.customer_id
              AND (c.rfm_r, c.rfm_f, c.rfm_m) IS DISTINCT FROM (n.r, n.f, n.m)
            """.formatted(RfmSegments.cuts("last_day"), RfmSegments.cuts("frequency"), RfmSegments.cuts("monetary"),
            RfmSegments.score("last_day", "c.r"), RfmSegments.score("frequency", "c.f"),
            RfmSegments.score("monetary", "c.m"), RfmSegments.segment("r", "f"));

    private static String excluded(String columns) {
        return String.join(", ", java.util.Arrays.stream(columns.split(",")).map(c -> "excluded." + c.strip())
                .toList());
    }

    /** Stores snapshots given as a JSON array of objects named like the table's columns. */
    public Uni<Void> upsertProfiles(SqlClient db, String json) {
        return db.preparedQuery(UPSERT_PROFILES).execute(Tuple.of(json)).replaceWithVoid();
    }

    /** Stores scores given as a JSON array of objects named like the table's columns. */
    public Uni<Void> upsertScores(SqlClient db, String json) {
        return db.preparedQuery(UPSERT_SCORES).execute(Tuple.of(json)).replaceWithVoid();
    }

    /** Recomputes the tenant's RFM scores; answers how many customers' scores moved. */
    public Uni<Integer> refreshRfm(SqlClient db, String tenant) {
        return db.preparedQuery(REFRESH_RFM).execute(Tuple.of(tenant)).map(rows -> rows.rowCount());
    }

    /** The next {@code limit} of the tenant's customer ids after {@code after} (null: from the first), in order. */
    public Uni<String[]> idsAfter(SqlClient db, String tenant, String after, int limit) {
        return db.preparedQuery("SELECT customer_id FROM segmentation.customer_state WHERE tenant_id = $1 "
                + "AND customer_id > $2 ORDER BY customer_id LIMIT $3")
                .execute(Tuple.of(tenant, after == null ? "" : after, limit))
                .map(rows -> rows.stream().map(r -> r.getString("customer_id")).toArray(String[]::new));
    }

    /** How many of the tenant's customers match, and the first {@code sample} of them by id. */
    public Uni<Preview> preview(SqlClient db, String tenant, SqlPredicate predicate, OffsetDateTime now, int sample) {
        // $2 to $5 are the evaluation statement's; they are typed here so that the predicate's numbering holds
        String sql = """
                SELECT s.customer_id, count(*) OVER () AS total FROM segmentation.customer_state s
                WHERE s.tenant_id = $1 AND $2::text[] IS NULL AND $3::uuid IS NULL AND $4::timestamptz IS NOT NULL
                  AND $5::text IS NULL AND %s
                ORDER BY s.customer_id LIMIT %d""".formatted(predicate.sql(), Math.max(sample, 1));
        Tuple args = Tuple.tuple().addString(tenant).addArrayOfString(null).addUUID(null).addOffsetDateTime(now)
                .addString(null);
        predicate.params().forEach(args::addValue);
        return db.preparedQuery(sql).execute(args).map(rows -> {
            long total = rows.size() == 0 ? 0 : rows.iterator().next().getLong("total");
            List<String> ids = rows.stream().map(r -> r.getString("customer_id")).limit(sample).toList();
            return new Preview(total, ids);
        });
    }

    /** A preview's answer. */
    public record Preview(long memberCount, List<String> sample) {
    }
}
