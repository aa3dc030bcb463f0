package dev.clv.analytics.query.customer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.clv.contracts.event.EventJson;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** One customer's detail and their timeline: the only reads of raw rows, always through the customer's index. */
@ApplicationScoped
public class CustomerHistoryRepository {
    private static final String DETAIL = """
            SELECT %s, c.name, c.email, c.city, c.age, c.gender, c.loyalty_tier, c.attributes::text AS attributes,
              (now() AT TIME ZONE 'UTC')::date - (m.last_purchase_at AT TIME ZONE 'UTC')::date AS recency_days,
              (now() AT TIME ZONE 'UTC')::date - (m.last_interaction_at AT TIME ZONE 'UTC')::date AS since_interaction,
              s.model_id, s.model_version, s.predicted_clv, s.p_alive, s.expected_purchases, s.horizon_months,
              s.scored_at, g.segment_ids
            FROM analytics.customer_metrics m
            LEFT JOIN analytics.customers c ON c.tenant_id = m.tenant_id AND c.customer_id = m.customer_id
            LEFT JOIN analytics.customer_scores s ON s.tenant_id = m.tenant_id AND s.customer_id = m.customer_id
            LEFT JOIN analytics.customer_segments g ON g.tenant_id = m.tenant_id AND g.customer_id = m.customer_id
            WHERE m.tenant_id = $1 AND m.customer_id = $2
            """.formatted(CustomerColumns.SELECT);
    // each source is cut to the page below the cursor on its own index before the three are merged
    private static final String BRANCH = """
            (SELECT '%1$s'::text AS type, x.%2$s AS id, x.%3$s AS at, jsonb_strip_nulls(jsonb_build_object(%4$s))::text
               AS details
             FROM analytics.%5$s x WHERE x.tenant_id = $1 AND x.customer_id = $2
               AND ($3::text IS NULL OR x.%3$s <= $3::text::timestamptz
                 AND (x.%3$s, '%1$s'::text, x.%2$s) < ($3::text::timestamptz, $4::text, $5::text))
             ORDER BY x.%3$s DESC, x.%2$s DESC LIMIT $6)
            """;
    private static final String TIMELINE = "SELECT type, id, at, at::text AS at_key, details FROM ("
            + BRANCH.formatted("transaction", "transaction_id", "transaction_date", "'amount', x.amount, 'currency', "
                    + "x.currency, 'is_refund', x.is_refund, 'product_id', x.product_id, 'product_category', "
                    + "x.product_category, 'transaction_type', x.transaction_type, 'payment_method', "
                    + "x.payment_method, 'channel', x.channel", "transactions")
            + " UNION ALL " + BRANCH.formatted("interaction", "interaction_id", "interaction_date",
                    "'interaction_type', x.interaction_type, 'channel', x.channel, 'duration_seconds', "
                            + "x.duration_seconds, 'satisfaction_score', x.satisfaction_score, 'attributes', x.attributes",
                    "interactions")
            + " UNION ALL " + BRANCH.formatted("event", "event_id", "occurred_at", "'event_type', x.event_type, "
                    + "'session_id', x.session_id, 'properties', x.properties", "events")
            + ") h ORDER BY at DESC, type DESC, id DESC LIMIT $6";
    private final Pool pool;

    public CustomerHistoryRepository(Pool pool) {
        this.pool = pool;
    }

    /** The customer, or null if the tenant has no customer of that id. */
    public Uni<CustomerDetail> detail(String tenant, String customerId) {
        return pool.preparedQuery(DETAIL).execute(Tuple.of(tenant, customerId)).map(rows -> {
            if (rows.size() == 0) {
                return null;
            }
            Row r = rows.iterator().next();
            var metrics = CustomerColumns.summary(r);
            String attributes = r.getString("attributes");
            var profile = new CustomerDetail.Profile(customerId, r.getString("name"), r.getString("email"),
                    metrics.registrationDate(), metrics.country(), r.getString("city"), r.getInteger("age"),
                    r.getString("gender"), metrics.acquisitionSource(), metrics.segment(), r.getString("loyalty_tier"),
                    metrics.isActive(), attributes == null ? null : json(attributes));
            var prediction = r.getString("model_id") == null
                    ? null
                    : new CustomerDetail.Prediction(r.getString("model_id"), r.getInteger("model_version"),
                            r.getBigDecimal("predicted_clv"), r.getDouble("p_alive"),
                            r.getDouble("expected_purchases"), r.getInteger("horizon_months"),
                            CustomerColumns.instant(r, "scored_at"));
            return new CustomerDetail(CustomerColumns.object(r, metrics), profile, metrics,
                    longOrNull(r, "recency_days"),
                    longOrNull(r, "since_interaction"), prediction);
        });
    }

    /** A timeline page: entries newest first, and the cursor parts (time, type, id) of the last one. */
    public record TimelinePage(List<TimelineEntry> entries, List<String> last) {
    }

    public Uni<TimelinePage> timeline(String tenant, String customerId, List<String> after, int limit) {
        Tuple args = Tuple.of(tenant, customerId).addString(after == null ? null : after.get(0))
                .addString(after == null ? null : after.get(1)).addString(after == null ? null : after.get(2))
                .addInteger(limit);
        return pool.preparedQuery(TIMELINE).execute(args).map(rows -> {
            List<TimelineEntry> entries = new ArrayList<>(rows.size());
            List<String> last = null;
            for (Row r : rows) {
                entries.add(new TimelineEntry(r.getString("type"), r.getString("id"), CustomerColumns.instant(r,
                        "at"), json(r.getString("details"))));
                last = List.of(r.getString("at_key"), r.getString("type"), r.getString("id"));
            }
            return new TimelinePage(entries, last);
        });
    }

    public Uni<Boolean> exists(String tenant, String customerId) {
        return pool.preparedQuery("SELECT 1 FROM analytics.customer_metrics WHERE tenant_id = $1 AND customer_id = $2")
                .execute(Tuple.of(tenant, customerId)).map(rows -> rows.size() > 0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(String text) {
        return EventJson.read(text.getBytes(StandardCharsets.UTF_8), Map.class);
    }

    private static Long longOrNull(Row r, String column) {
        Integer value = r.getInteger(column);
        return value == null ? null : value.longValue();
    }
}
