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
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.clv.testsupport.PostgresResource;

/** A customer's state written straight into segmentation.customer_state, with the values criteria compare. */
record StoredCustomer(String id, String country, String city, String loyaltyTier, Boolean active, BigDecimal net,
        BigDecimal gross, long purchases, Instant lastPurchase, Double pAlive, String plan, Integer seats,
        Map<LocalDate, Long> purchaseDays, Instant lastInteraction, Instant lastEvent,
        Map<String, Map<LocalDate, Long>> activity) {
    /** Behavioural event types of the random customers, besides the two activities purchase and interaction. */
    static final String[] EVENT_TYPES = {"feature_used", "page_view"};

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
        String country = countries[r.nextInt(4)];
        String city = cities[r.nextInt(5)];
        String tier = tiers[r.nextInt(4)];
        Boolean active = r.nextInt(5) == 0 ? null : r.nextBoolean();
        Double pAlive = r.nextInt(4) == 0 ? null : r.nextInt(1000) / 1000.0;
        String plan = r.nextInt(3) == 0 ? null : r.nextBoolean() ? "pro" : "free";
        Integer seats = r.nextInt(3) == 0 ? null : r.nextInt(50);
        // activity drawn from its own generator, so the fields above stay what they were before it existed
        SplittableRandom a = new SplittableRandom(id.hashCode()); // mixes its seed: neighbouring ids differ
        Instant lastInteraction = a.nextInt(3) == 0
                ? null
                : now.minus(Duration.ofDays(a.nextInt(90)))
                        .minus(Duration.ofHours(6));
        Instant lastEvent = a.nextInt(3) == 0
                ? null
                : now.minus(Duration.ofDays(a.nextInt(90)))
                        .minus(Duration.ofHours(6));
        Map<String, Map<LocalDate, Long>> activity = new LinkedHashMap<>();
        if (!days.isEmpty()) {
            activity.put("purchase", days);
        }
        for (String type : Stream.concat(Stream.of("interaction"), Stream.of(EVENT_TYPES)).toList()) {
            int n = a.nextInt(3) == 0 ? 0 : a.nextInt(7);
            for (int i = 0; i < n; i++) {
                // up to 69 days back: the days 60 to 69 are outside both of the trend's windows
                activity.computeIfAbsent(type, t -> new LinkedHashMap<>()).merge(today.minusDays(a.nextInt(70)), 1L,
                        Long::sum);
            }
        }
        return new StoredCustomer(id, country, city, tier, active, net, gross, purchases, last, pAlive, plan, seats,
                days, lastInteraction, lastEvent, activity);
    }

    BigDecimal avgOrderValue() {
        return purchases == 0 ? null : gross.divide(BigDecimal.valueOf(purchases), 2, RoundingMode.HALF_UP);
    }

    static void store(String tenant, Collection<StoredCustomer> customers) throws Exception {
        try (Connection db = DriverManager.getConnection(PostgresResource.jdbcUrl(), "postgres", "postgres");
                PreparedStatement insert = db.prepareStatement("""
                        INSERT INTO segmentation.customer_state (tenant_id, customer_id, country, city, loyalty_tier,
                          is_active, net_revenue, gross_revenue, purchase_count, last_purchase_at, p_alive,
                          attributes, activity, last_interaction_at, last_event_at, changed_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, now())""")) {
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
                insert.setString(13, c.activity.isEmpty() ? null : activity(c.activity));
                insert.setTimestamp(14, c.lastInteraction == null ? null : Timestamp.from(c.lastInteraction));
                insert.setTimestamp(15, c.lastEvent == null ? null : Timestamp.from(c.lastEvent));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    // {"purchase": {"2026-11-20": 2}, "feature_used": {...}}, as a profile change carries it
    private static String activity(Map<String, Map<LocalDate, Long>> activity) {
        return activity.entrySet().stream().map(kind -> "\"" + kind.getKey() + "\": " + kind.getValue().entrySet()
                .stream().map(e -> "\"" + e.getKey() + "\": " + e.getValue())
                .collect(Collectors.joining(", ", "{", "}"))).collect(Collectors.joining(", ", "{", "}"));
    }

    private static String attributes(StoredCustomer c) {
        String plan = c.plan == null ? null : "\"plan\": \"" + c.plan + "\"";
        String seats = c.seats == null ? null : "\"seats\": " + c.seats;
        return "{" + java.util.stream.Stream.of(plan, seats).filter(java.util.Objects::nonNull)
                .collect(Collectors.joining(", ")) + "}";
    }
}
