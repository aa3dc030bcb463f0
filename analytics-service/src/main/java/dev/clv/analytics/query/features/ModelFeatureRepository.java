package dev.clv.analytics.query.features;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.clv.contracts.features.CustomerFeatures;
import dev.clv.contracts.features.FeatureQuery;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Model features as of a calibration end, from the day rollup (one row per customer and purchase day, so BG/NBD's
 * per-day repeat purchases are a count of rows), the customer profiles and the raw interactions. One query.
 */
@ApplicationScoped
public class ModelFeatureRepository {
    // $1 tenant, $2 calibration end (inclusive), $3 holdout end or null, $4 customer ids (empty: all)
    private static final String FEATURES = """
            WITH d AS (
              SELECT customer_id, day, purchases, net_revenue,
                min(day) FILTER (WHERE purchases > 0 AND day <= $2) OVER (PARTITION BY customer_id) AS first_day
              FROM analytics.customer_days
              WHERE tenant_id = $1 AND day <= coalesce($3, $2) AND (cardinality($4) = 0 OR customer_id = ANY($4))
            ), cal AS (
              SELECT customer_id, min(first_day) AS first_day,
                max(day) FILTER (WHERE purchases > 0 AND day <= $2) AS last_day,
                count(*) FILTER (WHERE purchases > 0 AND day <= $2) AS frequency,
                coalesce(sum(purchases) FILTER (WHERE day <= $2), 0) AS orders,
                coalesce(sum(net_revenue) FILTER (WHERE day <= $2), 0) AS net,
                coalesce(sum(net_revenue) FILTER (WHERE day <= $2 AND day > first_day), 0) AS repeat_net,
                count(*) FILTER (WHERE purchases > 0 AND day > $2) AS holdout_purchases,
                coalesce(sum(net_revenue) FILTER (WHERE day > $2), 0) AS holdout_value
              FROM d GROUP BY customer_id
            ), c AS (
              SELECT customer_id, (registration_date AT TIME ZONE 'UTC')::date AS registered, age, gender, country
              FROM analytics.customers
              WHERE tenant_id = $1 AND (cardinality($4) = 0 OR customer_id = ANY($4))
            ), i AS (
              SELECT customer_id, count(*) AS interactions, avg(satisfaction_score)::float8 AS satisfaction
              FROM analytics.interactions
              WHERE tenant_id = $1 AND interaction_date < (($2::date + 1)::timestamp AT TIME ZONE 'UTC')
                AND (cardinality($4) = 0 OR customer_id = ANY($4))
              GROUP BY customer_id
            )
            SELECT coalesce(cal.customer_id, c.customer_id) AS customer_id, cal.first_day, cal.last_day,
              coalesce(cal.frequency, 0) AS frequency, coalesce(cal.orders, 0) AS orders, coalesce(cal.net, 0) AS net,
              coalesce(cal.repeat_net, 0) AS repeat_net, coalesce(cal.holdout_purchases, 0) AS holdout_purchases,
              coalesce(cal.holdout_value, 0) AS holdout_value, c.registered, c.age, c.gender, c.country,
              coalesce(i.interactions, 0) AS interactions, i.satisfaction
            FROM cal FULL JOIN c ON c.customer_id = cal.customer_id
            LEFT JOIN i ON i.customer_id = coalesce(cal.customer_id, c.customer_id)
            WHERE cal.first_day IS NOT NULL OR c.registered <= $2
            ORDER BY 1
            """;
    private final Pool pool;

    public ModelFeatureRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<List<CustomerFeatures>> features(String tenant, FeatureQuery q) {
        String[] ids = q.customerIds() == null ? new String[0] : q.customerIds().toArray(String[]::new);
        return pool.preparedQuery(FEATURES).execute(Tuple.of(tenant, q.calibrationEnd(), q.holdoutEnd(), ids))
                .map(rows -> rows.stream().map(r -> features(r, q)).toList());
    }

    private static CustomerFeatures features(Row r, FeatureQuery q) {
        LocalDate end = q.calibrationEnd();
        LocalDate first = r.getLocalDate("first_day"), last = r.getLocalDate("last_day");
        LocalDate registered = r.getLocalDate("registered");
        int frequency = r.getInteger("frequency");
        int x = Math.max(0, frequency - 1);
        double net = r.getBigDecimal("net").doubleValue();
        int orders = r.getInteger("orders");
        LocalDate since = registered != null && registered.isBefore(first == null ? end : first) ? registered : first;
        boolean holdout = q.holdoutEnd() != null;
        return new CustomerFeatures(r.getString("customer_id"), first == null ? null : days(first, end), x,
                first == null ? 0 : days(first, last), x == 0 ? 0 : r.getBigDecimal("repeat_net").doubleValue() / x,
                last == null ? null : days(last, end), frequency, net, since == null ? null : days(since, end),
                orders == 0 ? null : net / orders, x == 0 ? null : days(first, last) / x, orders,
                r.getInteger("age"), r.getString("gender"), r.getString("country"), r.getLong("interactions"),
                r.getDouble("satisfaction"), holdout ? r.getInteger("holdout_purchases") : null,
                holdout ? value(r.getBigDecimal("holdout_value")) : null);
    }

    private static double days(LocalDate from, LocalDate to) {
        return Math.max(0, to.toEpochDay() - from.toEpochDay());
    }

    private static Double value(BigDecimal v) {
        return v == null ? 0 : v.doubleValue();
    }
}
