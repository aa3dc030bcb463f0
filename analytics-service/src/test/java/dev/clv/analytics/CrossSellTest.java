package dev.clv.analytics;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.clv.testsupport.OidcResource;
import dev.clv.testsupport.WithPlatformInfrastructure;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Cross-sell's channel expansion and loyalty tier upgrades: over customers placed by hand (the arithmetic in
 * comments), and over the generated tenant against a plain-Java computation from {@link Reference360}.
 */
@QuarkusTest
@WithPlatformInfrastructure
class CrossSellTest {
    private static final List<String> LADDER = List.of("bronze", "silver", "gold", "platinum", "diamond");

    @Test
    void handPlacedChannelsAndTiers() {
        String tenant = "cross-" + UUID.randomUUID();
        TenantRecords rows = new TenantRecords(tenant);
        String reg = "2024-01-01T00:00:00Z";
        rows.send(rows.customer("x1", reg, "s", null, null, null), rows.customer("x2", reg, "s", "Bronze", null, null),
                rows.customer("x3", reg, "s", "bronze", null, null), rows.customer("x4", reg, "s", "silver", null,
                        null),
                rows.customer("x5", reg, "s", "Silver", null, null), rows.customer("x6", reg, "s", "gold", null, null));
        rows.send(rows.purchase("t1", "x1", "2024-02-01T00:00:00Z", "100.00"), rows.purchase("t2", "x2",
                "2024-02-01T00:00:00Z", "300.00"), rows.purchase("t3", "x3", "2024-02-01T00:00:00Z", "50.00"),
                rows.purchase("t4", "x4", "2024-02-01T00:00:00Z", "400.00"), rows.purchase("t5", "x5",
                        "2024-02-01T00:00:00Z", "200.00"),
                rows.purchase("t6", "x6", "2024-02-01T00:00:00Z", "1000.00"));
        // x1, x2 only on the web; x3 only in the app; x4, x5 on both; x6 on neither
        rows.send(rows.interaction("i1", "x1", reg, "login", "web", null), rows.interaction("i2", "x1", reg, "login",
                "web", null), rows.interaction("i3", "x2", reg, "login", "web", null),
                rows.interaction("i4", "x3",
                        reg, "login", "app", null),
                rows.interaction("i5", "x4", reg, "login", "app", null), rows.interaction("i6", "x4", reg, "login",
                        "web", null),
                rows.interaction("i7", "x5", reg, "login", "app", null), rows.interaction("i8", "x5", reg, "login",
                        "web", null));
        String token = OidcResource.token(tenant, "analytics:read");
        // web → app: x1, x2 (400.00, 200.00 each); app → web: x3 (50.00); both channels: x4, x5 (300.00 each)
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertEquals(List.of(
                "channel_expansion web app 2 400.00 200.00 2 300.00",
                "channel_expansion app web 1 50.00 50.00 2 300.00"),
                lines(TenantRecords
                        .get(token, "/v1/product/cross-sell-opportunities?opportunity_type=channel_expansion")
                        .getList("data"), "total_ltv", "avg_ltv", "omnichannel_customers", "omnichannel_avg_ltv")));
        // tiers: none {x1: 100}, bronze {x2: 300, x3: 50}, silver {x4: 400, x5: 200}, gold {x6: 1000}. With tiers
        // of 2 or more setting thresholds: none → bronze at bronze's median (50 + 300) / 2 = 175 (x1's 100 is
        // below: nobody), bronze → silver at (200 + 400) / 2 = 300 (x2 exactly: 1). Silver has no tier above with
        // 2 members: no row
        List<String> tiers = lines(TenantRecords.get(token, "/v1/product/cross-sell-opportunities?opportunity_type="
                + "tier_upgrade&min_customers=2").getList("data"), "tier_customers", "target_tier_customers",
                "spend_threshold", "total_ltv");
        assertEquals(List.of("tier_upgrade none bronze 0 1 2 175.00 0.00", "tier_upgrade bronze silver 1 2 2 300.00 "
                + "300.00"), tiers);
        // with 1, gold (1000) sets silver's threshold too: neither 400 nor 200 reaches it
        assertEquals(3, TenantRecords.get(token, "/v1/product/cross-sell-opportunities?opportunity_type=tier_upgrade"
                + "&min_customers=1").getList("data").size());
        // all kinds by default, in order: no category pair (one category), two channel rows, tier rows
        assertEquals(List.of("channel_expansion", "channel_expansion"), TenantRecords.get(token,
                "/v1/product/cross-sell-opportunities?reference_date=2024-06-30").getList("data.opportunity_type"));
        given().auth().oauth2(token).get("/v1/product/cross-sell-opportunities?opportunity_type=upsell").then()
                .statusCode(400).body("errors[0].field", equalTo("opportunity_type"));
    }

    @Test
    void generatedTenantMatchesTheReference() {
        GeneratedTenant.ensureLoaded();
        Reference360 ref = new Reference360(GeneratedTenant.DATA);
        List<Map<String, Object>> rows = GeneratedTenant.get("/v1/product/cross-sell-opportunities?opportunity_type="
                + "channel_expansion,tier_upgrade").getList("data");
        long webOnly = ref.facts.values().stream().filter(f -> f.web > 0 && f.app == 0).count();
        long appOnly = ref.facts.values().stream().filter(f -> f.app > 0 && f.web == 0).count();
        assertTrue(webOnly > 0 && appOnly > 0);
        assertEquals(webOnly, number(rows.get(0), "customers").longValue());
        assertEquals(appOnly, number(rows.get(1), "customers").longValue());
        assertEquals(0, ref.facts.values().stream().filter(f -> f.web > 0 && f.app == 0).map(f -> f.net).reduce(
                BigDecimal.ZERO, BigDecimal::add).compareTo(number(rows.get(0), "total_ltv")));
        // tier steps by the documented rule, the next tier up of at least 5 members setting its exact median
        Map<Integer, List<Reference360.Facts>> byRank = new TreeMap<>();
        ref.facts.values().forEach(f -> {
            String tier = f.customer.loyaltyTier() == null ? "none" : f.customer.loyaltyTier().toLowerCase();
            int rank = tier.equals("none") ? 0 : LADDER.indexOf(tier) + 1;
            byRank.computeIfAbsent(rank, k -> new ArrayList<>()).add(f);
        });
        List<String> expected = new ArrayList<>();
        for (int from : byRank.keySet()) {
            Integer to = byRank.keySet().stream().filter(r -> r > from && byRank.get(r).size() >= 5).findFirst()
                    .orElse(null);
            if (to == null) {
                continue;
            }
            List<BigDecimal> values = byRank.get(to).stream().map(f -> f.net).sorted().toList();
            BigDecimal median = values.get((values.size() - 1) / 2).add(values.get(values.size() / 2)).divide(
                    BigDecimal.valueOf(2));
            List<Reference360.Facts> eligible = byRank.get(from).stream().filter(f -> f.purchases > 0 && f.net
                    .compareTo(median) >= 0).toList();
            expected.add("tier_upgrade " + (from == 0 ? "none" : LADDER.get(from - 1)) + " " + LADDER.get(to - 1) + " "
                    + eligible.size() + " " + median.setScale(2, RoundingMode.HALF_UP) + " " + eligible.stream().map(
                            f -> f.net).reduce(BigDecimal.ZERO, BigDecimal::add).setScale(2, RoundingMode.HALF_UP));
        }
        assertTrue(expected.size() >= 2, expected.toString());
        assertEquals(expected, lines(rows.subList(2, rows.size()), "spend_threshold", "total_ltv"));
    }

    private static List<String> lines(List<Map<String, Object>> rows, String... members) {
        return rows.stream().map(r -> {
            StringBuilder line = new StringBuilder(r.get("opportunity_type") + " " + r.get("from") + " " + r.get("to")
                    + " " + r.get("customers"));
            for (String m : members) {
                Object v = r.get(m);
                // money with two decimals, whole numbers (which arrive as integers) as they are
                boolean money = m.contains("ltv") || m.contains("threshold");
                line.append(' ').append(money && v != null ? new BigDecimal(v.toString()).setScale(2) : v);
            }
            return line.toString();
        }).toList();
    }

    private static BigDecimal number(Map<String, Object> row, String key) {
        return new BigDecimal(String.valueOf(row.get(key)));
    }
}
