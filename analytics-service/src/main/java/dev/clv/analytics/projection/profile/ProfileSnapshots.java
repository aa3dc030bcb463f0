package dev.clv.analytics.projection.profile;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import dev.clv.contracts.CustomerKey;
import dev.clv.contracts.Topics;
import dev.clv.contracts.event.CustomerSnapshot;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Reads the current state of the customers a batch touched, in one statement, for their profile changes. */
@ApplicationScoped
public class ProfileSnapshots {
    // behavioural events named like the two activities taken from transactions and interactions are left out of
    // them, so that a tenant who also tracks "purchase" events does not count its purchases twice; of the other
    // event types only the customer's most frequent in the window are carried, so a record stays bounded whatever
    // the customer sends (CustomerSnapshot.ACTIVITY_EVENT_TYPES)
    private static final String SELECT = """
            WITH keys AS (SELECT * FROM unnest($1::text[], $2::text[]) AS k(tenant_id, customer_id))
            SELECT m.*, c.city, c.age, c.gender, c.loyalty_tier, c.attributes, (
              SELECT jsonb_object_agg(kind, days) FROM (
                SELECT kind, jsonb_object_agg(day::text, n) AS days FROM (
                  SELECT 'purchase' AS kind, d.day, d.purchases AS n FROM analytics.customer_days d
                  WHERE d.tenant_id = m.tenant_id AND d.customer_id = m.customer_id AND d.day >= $3::date
                    AND d.purchases > 0
                  UNION ALL
                  SELECT 'interaction', (i.interaction_date AT TIME ZONE 'UTC')::date, count(*)
                  FROM analytics.interactions i WHERE i.tenant_id = m.tenant_id AND i.customer_id = m.customer_id
                    AND i.interaction_date >= $4 GROUP BY 2
                  UNION ALL
                  SELECT event_type, day, n FROM (
                    SELECT event_type, day, n, dense_rank() OVER (ORDER BY total DESC, event_type) AS rank FROM (
                      SELECT event_type, day, n, sum(n) OVER (PARTITION BY event_type) AS total FROM (
                        SELECT e.event_type, (e.occurred_at AT TIME ZONE 'UTC')::date AS day, count(*) AS n
                        FROM analytics.events e WHERE e.tenant_id = m.tenant_id AND e.customer_id = m.customer_id
                          AND e.occurred_at >= $4 AND e.event_type NOT IN ('purchase', 'interaction') GROUP BY 1, 2
                      ) per_day
                    ) totals
                  ) ranked WHERE rank <= $5
                ) a GROUP BY kind
              ) g) AS activity
            FROM keys k JOIN analytics.customer_metrics m USING (tenant_id, customer_id)
            LEFT JOIN analytics.customers c USING (tenant_id, customer_id)
            """;
    private final Pool pool;

    public ProfileSnapshots(@ReactiveDataSource("projection") Pool pool) {
        this.pool = pool;
    }

    /** Snapshots by {@link Topics#key} of the given keys; customers without aggregates are absent. */
    public Uni<Map<String, CustomerSnapshot>> read(Collection<String> keys, Instant now) {
        if (keys.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        String[] tenants = new String[keys.size()];
        String[] customers = new String[keys.size()];
        int i = 0;
        for (String key : keys) {
            CustomerKey customer = CustomerKey.parse(key);
            tenants[i] = customer.tenant();
            customers[i++] = customer.customerId();
        }
        LocalDate from = LocalDate.ofInstant(now, ZoneOffset.UTC).minusDays(CustomerSnapshot.ACTIVITY_DAYS - 1);
        return pool.preparedQuery(SELECT).execute(Tuple.tuple().addArrayOfString(tenants).addArrayOfString(customers)
                .addLocalDate(from).addOffsetDateTime(from.atStartOfDay().atOffset(ZoneOffset.UTC))
                .addInteger(CustomerSnapshot.ACTIVITY_EVENT_TYPES)).map(rows -> {
                    Map<String, CustomerSnapshot> out = new HashMap<>(rows.size() * 2);
                    for (Row r : rows) {
                        out.put(Topics.key(r.getString("tenant_id"), r.getString("customer_id")), snapshot(r));
                    }
                    return out;
                });
    }

    private static CustomerSnapshot snapshot(Row r) {
        JsonObject attributes = (JsonObject) r.getValue("attributes");
        return new CustomerSnapshot(instant(r, "registration_date"), r.getString("country"), r.getString("city"),
                r.getInteger("age"), r.getString("gender"), r.getString("acquisition_source"), r.getString("segment"),
                r.getString("loyalty_tier"), r.getBoolean("is_active"), attributes == null ? null : attributes.getMap(),
                r.getLong("purchase_count"), r.getBigDecimal("net_revenue"), r.getBigDecimal("gross_revenue"),
                r.getLong("refund_count"), instant(r, "first_purchase_at"), instant(r, "last_purchase_at"),
                r.getLong("interaction_count"), instant(r, "last_interaction_at"), r.getLong("satisfaction_sum"),
                r.getLong("satisfaction_count"), r.getLong("support_contacts"), r.getLong("event_count"),
                instant(r, "last_event_at"), activity((JsonObject) r.getValue("activity")));
    }

    private static Map<String, Map<LocalDate, Long>> activity(JsonObject json) {
        Map<String, Map<LocalDate, Long>> out = new LinkedHashMap<>();
        if (json != null) {
            for (String kind : json.fieldNames()) {
                Map<LocalDate, Long> days = new TreeMap<>();
                json.getJsonObject(kind).forEach(e -> days.put(LocalDate.parse(e.getKey()), ((Number) e.getValue())
                        .longValue()));
                out.put(kind, days);
            }
        }
        return out;
    }

    private static Instant instant(Row r, String column) {
        OffsetDateTime value = r.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }
}
