package dev.clv.segmentation;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

import dev.clv.testsupport.PostgresResource;

/** A customer's state written straight into segmentation.customer_state, with the values criteria compare. */
record StoredCustomer(String id, String country, String city, String loyaltyTier, Boolean active, BigDecimal net,
        BigDecimal gross, long purchases, Instant lastPurchase, Double pAlive, String plan, Integer seats,
        Map<LocalDate, Long> purchaseDays) {

    /** A random customer; times sit mid-day so that whole-day fields never straddle a boundary. */
    static StoredCustomer random(Random r, String id, Instant now) {
        String[] countries = {"DE", "FR", "US", null};
        String[] tiers = {"gold", "silver", "bronze", null};
        String[] cities = {"Berlin", "Bern", "Paris", "Boston", null};
        long purchases = r.nextInt(8);
        BigDecimal gross = purchases == 0 ? BigDecimal.ZERO : BigDecimal.valueOf(r.nextInt(100_000), 2);
        BigDecimal net = gross.subtract(purchases == 0 ? BigDecimal.ZERO : BigDecimal.valueOf(r.nextInt(2000), 2));
        Instant last = purchases == 0 ? null : now.minus(Duration.ofDays(r.nextInt(120))).minus(Duration.ofHours(6));
        Map<LocalDate, Long> days = new LinkedHashMap<>();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        for (int i = 0; i < purchases; i++) {
            days.merge(today.minusDays(r.nextInt(60)), 1L, Long::sum);
        }
        return new StoredCustomer(id, countries[r.nextInt(4)], cities[r.nextInt(5)], tiers[r.nextInt(4)],
                r.nextInt(5) == 0 ? null : r.nextBoolean(), net, gross, purchases, last,
                r.nextInt(4) == 0 ? null : r.nextInt(1000) / 1000.0, r.nextInt(3) == 0
                        ? null
                        : r.nextBoolean()
                                ? "pro"
                                : "free",
                r.nextInt(3) == 0 ? null : r.nextInt(50), days);
    }

    BigDecimal avgOrderValue() {
        return purchases == 0 ? null : gross.divide(BigDecimal.valueOf(purchases), 2, RoundingMode.HALF_UP);
    }

    static void store(String tenant, Collection<StoredCustomer> customers) throws Exception {
        try (Connection db = DriverManager.getConnection(PostgresResource.jdbcUrl(), "postgres", "postgres");
                PreparedStatement insert = db.prepareStatement("""
                        INSERT INTO segmentation.customer_state (tenant_id, customer_id, country, city, loyalty_tier,
                          is_active, net_revenue, gross_revenue, purchase_count, last_purchase_at, p_alive,
                          attributes, activity, changed_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, now())""")) {
            for (StoredCustomer c : customers) {
                insert.setString(1, tenant);
                insert.setString(2, c.id);
                insert.setString(3, c.country);
                insert.setString(4, c.city);
                insert.setString(5, c.loyaltyTier);
                insert.setObject(6, c.active);
                insert.setBigDecimal(7, c.net);
                insert.setBigDecimal(8, c.gross);
                insert.setLong(9, c.purchases);
                insert.setTimestamp(10, c.lastPurchase == null ? null : Timestamp.from(c.lastPurchase));
                insert.setObject(11, c.pAlive);
                insert.setString(12, attributes(c));
                insert.setString(13, c.purchaseDays.isEmpty()
                        ? null
                        : c.purchaseDays.entrySet().stream()
                                .map(e -> "\"" + e.getKey() + "\": " + e.getValue())
                                .collect(Collectors.joining(", ", "{\"purchase\": {", "}}")));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static String attributes(StoredCustomer c) {
        String plan = c.plan == null ? null : "\"plan\": \"" + c.plan + "\"";
        String seats = c.seats == null ? null : "\"seats\": " + c.seats;
        return "{" + java.util.stream.Stream.of(plan, seats).filter(java.util.Objects::nonNull)
                .collect(Collectors.joining(", ")) + "}";
    }
}
