package dev.clv.analytics.query.customer;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

import io.vertx.mutiny.sqlclient.Row;

/** The customer_metrics columns every customer answer selects, and how one row becomes a summary. */
final class CustomerColumns {
    static final String SELECT = """
            m.customer_id, m.registration_date, m.country, m.segment, m.acquisition_source, m.is_active,
            m.net_revenue, m.gross_revenue, m.purchase_count, m.refund_count, m.refund_total, m.first_purchase_at,
            m.last_purchase_at, m.interaction_count, m.last_interaction_at, m.satisfaction_sum,
            m.satisfaction_count, m.support_contacts, m.event_count, m.last_event_at, m.first_seen_at""";

    private CustomerColumns() {
    }

    static CustomerSummary summary(Row r) {
        long purchases = r.getLong("purchase_count");
        BigDecimal gross = r.getBigDecimal("gross_revenue");
        long rated = r.getLong("satisfaction_count");
        return new CustomerSummary(r.getString("customer_id"), instant(r, "registration_date"),
                r.getString("country"), r.getString("segment"), r.getString("acquisition_source"),
                r.getBoolean("is_active"), r.getBigDecimal("net_revenue"), gross, purchases,
                purchases == 0 ? null : gross.divide(BigDecimal.valueOf(purchases), 2, RoundingMode.HALF_UP),
                r.getLong("refund_count"), r.getBigDecimal("refund_total"), instant(r, "first_purchase_at"),
                instant(r, "last_purchase_at"), r.getLong("interaction_count"), instant(r, "last_interaction_at"),
                rated == 0
                        ? null
                        : BigDecimal.valueOf(r.getLong("satisfaction_sum")).divide(BigDecimal.valueOf(
                                rated), 2, RoundingMode.HALF_UP),
                r.getLong("support_contacts"), r.getLong("event_count"));
    }

    /**
     * The seed's customer object of a row that also holds {@code email}, {@code name} and {@code segment_ids}
     * (null: no membership list received yet, the same as an empty one).
     */
    static CustomerObject object(Row r, CustomerSummary s) {
        Instant lastActive = latest(latest(s.lastPurchaseAt(), s.lastInteractionAt()), instant(r, "last_event_at"));
        String[] segments = r.getArrayOfStrings("segment_ids");
        return new CustomerObject(s.customerId(), r.getString("email"), r.getString("name"),
                s.registrationDate() != null ? s.registrationDate() : instant(r, "first_seen_at"), lastActive,
                segments == null ? List.of() : List.of(segments), s.purchaseCount(), s.ltv());
    }

    private static Instant latest(Instant a, Instant b) {
        return a == null ? b : b == null || a.isAfter(b) ? a : b;
    }

    static Instant instant(Row r, String column) {
        OffsetDateTime value = r.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }
}
