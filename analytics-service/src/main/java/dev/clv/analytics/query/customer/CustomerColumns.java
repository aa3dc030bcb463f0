package dev.clv.analytics.query.customer;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.OffsetDateTime;

import io.vertx.mutiny.sqlclient.Row;

/** The customer_metrics columns every customer answer selects, and how one row becomes a summary. */
final class CustomerColumns {
    static final String SELECT = """
            m.customer_id, m.registration_date, m.country, m.segment, m.acquisition_source, m.is_active,
            m.net_revenue, m.gross_revenue, m.purchase_count, m.refund_count, m.refund_total, m.first_purchase_at,
            m.last_purchase_at, m.interaction_count, m.last_interaction_at, m.satisfaction_sum,
            m.satisfaction_count, m.support_contacts, m.event_count""";

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

    static Instant instant(Row r, String column) {
        OffsetDateTime value = r.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }
}
