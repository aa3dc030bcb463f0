package dev.clv.segmentation.criteria;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import dev.clv.segmentation.criteria.Field.Type;

/** The fields segment conditions can name: profile attributes, aggregates, RFM, and model scores. */
public final class Fields {
    /** Days since the newest activity of any kind: a purchase, an interaction or a behavioural event. */
    public static final String LAST_ACTIVE_DAYS = "last_active_days";
    /** Behavioural events of the last 30 UTC days (today included) per event of the 30 days before. */
    public static final String EVENT_TREND_30D = "event_trend_30d";
    private static final String DAYS_SINCE = "floor(extract(epoch FROM $4::timestamptz - %s) / 86400)";
    // greatest() skips nulls: null only for a customer never active, whom a comparison then leaves out
    private static final String LAST_ACTIVE = "greatest(s.last_purchase_at, s.last_interaction_at, s.last_event_at)";
    // from the per-day activity of the snapshot (366 days): every behavioural event type it carries, not the two
    // activities from transactions and interactions; null when the earlier 30 days have no event (no trend to read)
    private static final String EVENT_TREND = """
            (SELECT coalesce(sum(d.value::numeric) FILTER (WHERE d.key::date > t.today - 30), 0)
              / nullif(sum(d.value::numeric) FILTER (WHERE d.key::date <= t.today - 30), 0)
            FROM (SELECT ($4::timestamptz AT TIME ZONE 'UTC')::date AS today) t,
              jsonb_each(s.activity - 'purchase' - 'interaction') a, jsonb_each_text(a.value) d
            WHERE d.key::date > t.today - 60)""";
    private static final Map<String, Field> BY_NAME = new LinkedHashMap<>();
    static {
        text("customer_id", "s.customer_id");
        text("country", "s.country");
        text("city", "s.city");
        text("gender", "s.gender");
        text("acquisition_source", "s.acquisition_source");
        text("segment", "s.segment");
        text("loyalty_tier", "s.loyalty_tier");
        add(new Field("is_active", Type.BOOLEAN, "s.is_active", false, false));
        number("age", "s.age");
        number("total_spent", "s.net_revenue");
        number("gross_revenue", "s.gross_revenue");
        number("frequency", "s.purchase_count");
        number("refund_count", "s.refund_count");
        number("avg_order_value", "round(s.gross_revenue / nullif(s.purchase_count, 0), 2)");
        number("interaction_count", "s.interaction_count");
        number("support_contacts", "s.support_contacts");
        number("event_count", "s.event_count");
        number("satisfaction", "round(s.satisfaction_sum::numeric / nullif(s.satisfaction_count, 0), 2)");
        number("predicted_clv", "s.predicted_clv");
        number("p_alive", "s.p_alive");
        number("expected_purchases", "s.expected_purchases");
        timeRelative("recency_days", DAYS_SINCE.formatted("s.last_purchase_at"));
        timeRelative("days_since_last_interaction", DAYS_SINCE.formatted("s.last_interaction_at"));
        timeRelative("days_since_last_event", DAYS_SINCE.formatted("s.last_event_at"));
        timeRelative("tenure_days", DAYS_SINCE.formatted("s.registration_date"));
        timeRelative(LAST_ACTIVE_DAYS, DAYS_SINCE.formatted(LAST_ACTIVE));
        timeRelative(EVENT_TREND_30D, EVENT_TREND);
        // RFM scores rank a customer among the tenant's buyers: they move with everyone's purchases and with time,
        // so the sweep recomputes them before it re-evaluates the segments that use them
        add(new Field("rfm_segment", Type.TEXT, "s.rfm_segment", true, true));
        add(new Field("rfm_recency_score", Type.NUMBER, "s.rfm_r", true, true));
        add(new Field("rfm_frequency_score", Type.NUMBER, "s.rfm_f", true, true));
        add(new Field("rfm_monetary_score", Type.NUMBER, "s.rfm_m", true, true));
    }

    private Fields() {
    }

    public static Optional<Field> of(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** Every named field (custom attributes come on top as {@code attributes.<key>}). */
    public static Iterable<String> names() {
        return BY_NAME.keySet();
    }

    private static void text(String name, String sql) {
        add(new Field(name, Type.TEXT, sql, false, false));
    }

    private static void number(String name, String sql) {
        add(new Field(name, Type.NUMBER, sql, false, false));
    }

    private static void timeRelative(String name, String sql) {
        add(new Field(name, Type.NUMBER, sql, true, false));
    }

    private static void add(Field field) {
        BY_NAME.put(field.name(), field);
    }
}
