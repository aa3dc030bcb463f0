package dev.clv.analytics;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.clv.testsupport.OidcResource;
import dev.clv.testsupport.PostgresResource;
import dev.clv.testsupport.WithPlatformInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * GET /v1/data-quality/consistency over rows placed by hand and sent through the projector's topics: customers with
 * and without profiles (one arriving after its purchase), products in and out of the catalogue, customers whose
 * refunds exceed their purchases, a resent transaction; every number worked out in the comments. Another tenant's
 * profiles and catalogue make none of this tenant's rows known, and a third tenant shows the 20-example cap.
 */
@QuarkusTest
@WithPlatformInfrastructure
class ConsistencyTest {
    static final String TENANT = "quality-" + UUID.randomUUID();
    static final String OTHER = "quality-other-" + UUID.randomUUID();
    static final String MANY = "quality-many-" + UUID.randomUUID();
    private static boolean loaded;

    @BeforeEach
    synchronized void load() {
        if (loaded) {
            return;
        }
        loaded = true;
        TenantRecords a = new TenantRecords(TENANT);
        a.send(a.customer("c-known1", "2024-01-01T00:00:00Z", "s", null, "Known One", null),
                a.customer("c-known2", "2024-01-01T00:00:00Z", "s", null, "Known Two", null),
                a.customer("c-refunder", "2024-01-01T00:00:00Z", "s", null, "Refunder", null),
                a.customer("c-profile-only", "2024-01-01T00:00:00Z", "s", null, "Profile Only", null),
                a.product("p-cat1", "Catalogued", "books", "2.00"), a.product("p-cat2", "No cost", "books", null));
        a.send(a.sale("t1", "c-known1", "p-cat1", "books", "2024-03-01T10:00:00Z", "10.00"),
                a.sale("t2", "c-known1", "p-x", "toys", "2024-03-02T10:00:00Z", "5.00"),
                a.sale("t16", "c-known1", "p-y", "toys", "2024-03-03T10:00:00Z", "6.00"),
                a.sale("t3", "c-known2", "p-cat2", "books", "2024-03-01T10:00:00Z", "20.00"),
                a.sale("t4", "c-known2", "p-cat2", "books", "2024-03-05T10:00:00Z", "-20.00"),
                a.purchase("t5", "c-refunder", "2024-03-01T10:00:00Z", "10.00"),
                a.refund("t6", "c-refunder", "2024-03-02T10:00:00Z", "22.50"),
                // t7 twice: one key, one partition, so t8 and t9 are projected after the resent t7
                a.sale("t7", "c-ghost1", "p-x", "toys", "2024-03-01T10:00:00Z", "3.00"),
                a.sale("t7", "c-ghost1", "p-x", "toys", "2024-03-01T10:00:00Z", "3.00"),
                a.sale("t8", "c-ghost1", "p-y", "toys", "2024-03-02T10:00:00Z", "4.00"),
                a.sale("t9", "c-ghost1", "p-y", "toys", "2024-03-03T10:00:00Z", "-4.00"),
                a.purchase("t10", "c-ghost2", "2024-03-01T10:00:00Z", "7.00"),
                a.refund("t11", "c-ghost2", "2024-03-02T10:00:00Z", "9.00"),
                a.sale("t12", "c-ghost3", "p-z", "toys", "2024-03-01T10:00:00Z", "1.00"),
                a.sale("t13", "c-ghost3", "p-z", "toys", "2024-03-02T10:00:00Z", "1.00"),
                a.refund("t14", "c-ghost4", "2024-03-01T10:00:00Z", "5.00"),
                // seen, but without a transaction: in no check
                a.interaction("i1", "c-inter", "2024-03-01T10:00:00Z", "login", "web", null),
                // bought before their profile arrives (below): known by the end
                a.purchase("t15", "c-late", "2024-03-01T10:00:00Z", "3.00"));
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertEquals(1,
                TenantRecords.get(token(TENANT), "/v1/customers/c-late").getInt("data.metrics.purchase_count")));
        a.send(a.customer("c-late", "2024-01-01T00:00:00Z", "s", null, "Late", null));
        // the other tenant knows c-ghost1 and p-x, which stay unknown in the first
        TenantRecords b = new TenantRecords(OTHER);
        b.send(b.customer("c-ghost1", "2024-01-01T00:00:00Z", "s", null, "Theirs", null),
                b.product("p-x", "Their product", "toys", "1.00"));
        b.send(b.sale("b1", "c-ghost1", "p-x", "toys", "2024-03-01T10:00:00Z", "1.00"),
                b.sale("b2", "c-b-ghost", "p-b", "toys", "2024-03-01T10:00:00Z", "2.00"),
                b.refund("b3", "c-b-ghost", "2024-03-02T10:00:00Z", "3.00"));
        // 25 customers g-01..g-25 without profiles, each buying a product q-01..q-25 not in any catalogue
        TenantRecords c = new TenantRecords(MANY);
        List<Object> many = new ArrayList<>();
        for (int i = 1; i <= 25; i++) {
            many.add(c.sale("m" + i, "g-%02d".formatted(i), "q-%02d".formatted(i), "toys", "2024-03-01T10:00:00Z",
                    "1.00"));
        }
        c.send(many.toArray());

        // projected once each customer's purchases and refunds are as sent and the profiles and catalogue are stored
        Map<String, int[]> expectedA = new HashMap<>(Map.of("c-known1", new int[]{3, 0}, "c-known2", new int[]{1, 1},
                "c-refunder", new int[]{1, 1}, "c-profile-only", new int[]{0, 0}, "c-ghost1", new int[]{2, 1},
                "c-ghost2", new int[]{1, 1}, "c-ghost3", new int[]{2, 0}, "c-ghost4", new int[]{0, 1}, "c-inter",
                new int[]{0, 0}, "c-late", new int[]{1, 0}));
        Map<String, int[]> expectedB = Map.of("c-ghost1", new int[]{1, 0}, "c-b-ghost", new int[]{1, 1});
        Map<String, int[]> expectedC = new HashMap<>();
        for (int i = 1; i <= 25; i++) {
            expectedC.put("g-%02d".formatted(i), new int[]{1, 0});
        }
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertCounts(expectedA, token(TENANT),
                    List.of("c-known1", "c-known2", "c-refunder", "c-profile-only", "c-late"));
            assertCounts(expectedB, token(OTHER), List.of("c-ghost1"));
            assertCounts(expectedC, token(MANY), List.of());
            assertCatalogued(token(TENANT), "p-cat1", "p-cat2");
            assertCatalogued(token(OTHER), "p-x");
        });
    }

    @Test
    void theThreeChecksCountWhatWasSent() {
        JsonPath answer = TenantRecords.get(token(TENANT), "/v1/data-quality/consistency");
        assertEquals(3, answer.getInt("count"));
        assertNotNull(answer.get("as_of"));
        List<Map<String, Object>> checks = answer.getList("data");
        assertEquals(List.of("transactions_of_unknown_customers", "transactions_of_unknown_products",
                "refunds_exceed_purchases"), checks.stream().map(c -> c.get("check")).toList());

        // no profile: c-ghost1 t7 (once), t8, t9 = 3; c-ghost2 t10, t11 = 2; c-ghost3 t12, t13 = 2; c-ghost4 t14 = 1.
        // 4 customers, 3 + 2 + 2 + 1 = 8 transactions; ties (c-ghost2, c-ghost3) by id. c-inter has no transaction,
        // c-profile-only no transaction but a profile, c-late a profile sent after their purchase
        Map<String, Object> customers = checks.get(0);
        assertEquals(4, number(customers, "customers"));
        assertEquals(8, number(customers, "transactions"));
        assertEquals(List.of("c-ghost1", "c-ghost2", "c-ghost3", "c-ghost4"), customers.get("examples"));
        assertEquals(Map.of(), members(customers, "check", "description", "customers", "transactions", "examples"));

        // not in the catalogue (p-cat1, p-cat2): p-y t16, t8, t9 = 3; p-x t2, t7 = 2; p-z t12, t13 = 2.
        // 3 products, 3 + 2 + 2 = 7 transactions; ties (p-x, p-z) by id. t5, t6, t10, t11, t14 name no product
        Map<String, Object> products = checks.get(1);
        assertEquals(3, number(products, "products"));
        assertEquals(7, number(products, "transactions"));
        assertEquals(List.of("p-y", "p-x", "p-z"), products.get("examples"));
        assertEquals(Map.of(), members(products, "check", "description", "products", "transactions", "examples"));

        // refunds over purchases: c-refunder 22.50 − 10.00 = 12.50; c-ghost4 5.00 − 0 = 5.00; c-ghost2 9.00 − 7.00 =
        // 2.00. Not c-known2 (20.00 − 20.00 = 0) nor c-ghost1 (4.00 < 3.00 + 4.00). 12.50 + 5.00 + 2.00 = 19.50
        Map<String, Object> refunds = checks.get(2);
        assertEquals(3, number(refunds, "customers"));
        assertEquals(0, new BigDecimal("19.50").compareTo(decimal(refunds.get("amount"))), refunds.toString());
        assertEquals(List.of("c-refunder", "c-ghost4", "c-ghost2"), refunds.get("examples"));
        assertEquals(Map.of(), members(refunds, "check", "description", "customers", "amount", "examples"));
    }

    /** The flag the first check reads is what it stands for: a profile row, in whichever order rows arrived. */
    @Test
    void theProfiledFlagIsSetExactlyForCustomersWithAProfile() throws Exception {
        try (Connection db = DriverManager.getConnection(PostgresResource.jdbcUrl(), "postgres", "postgres");
                Statement st = db.createStatement();
                ResultSet rs = st.executeQuery("""
                        SELECT m.tenant_id, m.customer_id, m.profiled FROM analytics.customer_metrics m
                        WHERE m.tenant_id IN ('%s', '%s', '%s') AND m.profiled <> EXISTS (SELECT 1
                          FROM analytics.customers c WHERE c.tenant_id = m.tenant_id AND c.customer_id = m.customer_id)
                        """.formatted(TENANT, OTHER, MANY))) {
            List<String> wrong = new ArrayList<>();
            while (rs.next()) {
                wrong.add(rs.getString(1) + "/" + rs.getString(2) + " profiled=" + rs.getBoolean(3));
            }
            assertEquals(List.of(), wrong);
        }
    }

    @Test
    void anotherTenantsProfilesAndCatalogueAreItsOwn() {
        List<Map<String, Object>> checks = TenantRecords.get(token(OTHER), "/v1/data-quality/consistency")
                .getList("data");
        // c-ghost1 has a profile here; c-b-ghost (b2, b3) has not: 1 customer, 2 transactions
        assertEquals(1, number(checks.get(0), "customers"));
        assertEquals(2, number(checks.get(0), "transactions"));
        assertEquals(List.of("c-b-ghost"), checks.get(0).get("examples"));
        // p-x is catalogued here; p-b (b2) is not: 1 product, 1 transaction
        assertEquals(1, number(checks.get(1), "products"));
        assertEquals(1, number(checks.get(1), "transactions"));
        assertEquals(List.of("p-b"), checks.get(1).get("examples"));
        // c-b-ghost: refunded 3.00 of 2.00 bought: 1.00
        assertEquals(1, number(checks.get(2), "customers"));
        assertEquals(0, BigDecimal.ONE.compareTo(decimal(checks.get(2).get("amount"))));
        assertEquals(List.of("c-b-ghost"), checks.get(2).get("examples"));
    }

    @Test
    void atMostTwentyExamplesAreGiven() {
        List<Map<String, Object>> checks = TenantRecords.get(token(MANY), "/v1/data-quality/consistency")
                .getList("data");
        // 25 customers and 25 products with one transaction each: all counted, the first 20 ids named
        List<String> customers = new ArrayList<>();
        List<String> products = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            customers.add("g-%02d".formatted(i));
            products.add("q-%02d".formatted(i));
        }
        assertEquals(25, number(checks.get(0), "customers"));
        assertEquals(25, number(checks.get(0), "transactions"));
        assertEquals(customers, checks.get(0).get("examples"));
        assertEquals(25, number(checks.get(1), "products"));
        assertEquals(25, number(checks.get(1), "transactions"));
        assertEquals(products, checks.get(1).get("examples"));
        // no refund at all: nothing found, and the amount is zero
        assertEquals(0, number(checks.get(2), "customers"));
        assertEquals(0, BigDecimal.ZERO.compareTo(decimal(checks.get(2).get("amount"))));
        assertEquals(List.of(), checks.get(2).get("examples"));
    }

    @Test
    void theReadScopeIsNeeded() {
        given().auth().oauth2(OidcResource.token(TENANT, "events:write")).get("/v1/data-quality/consistency").then()
                .statusCode(403).contentType("application/problem+json");
        given().get("/v1/data-quality/consistency").then().statusCode(401);
    }

    private static String token(String tenant) {
        return OidcResource.token(tenant, "analytics:read");
    }

    /** Each customer's purchases and refunds as expected, and the profiles named stored. */
    private static void assertCounts(Map<String, int[]> expected, String token, List<String> profiles) {
        List<Map<String, Object>> rows = TenantRecords.get(token, "/v1/customers?limit=1000").getList("data");
        Map<String, List<Integer>> seen = new HashMap<>();
        for (Map<String, Object> r : rows) {
            seen.put((String) r.get("customer_id"), List.of(((Number) r.get("purchase_count")).intValue(),
                    ((Number) r.get("refund_count")).intValue()));
            if (profiles.contains(r.get("customer_id"))) {
                assertNotNull(r.get("name"), r.toString());
            }
        }
        Map<String, List<Integer>> want = new HashMap<>();
        expected.forEach((id, counts) -> want.put(id, List.of(counts[0], counts[1])));
        assertEquals(want, seen);
    }

    private static void assertCatalogued(String token, String... products) {
        for (String id : products) {
            assertNotNull(TenantRecords.get(token, "/v1/products/" + id).get("data.name"), id);
        }
    }

    private static long number(Map<String, Object> check, String member) {
        return ((Number) check.get(member)).longValue();
    }

    /** An amount as written, exactly: a whole number may come back as an Integer. */
    private static BigDecimal decimal(Object amount) {
        return new BigDecimal(amount.toString());
    }

    /** The members of a check other than those named: none expected. */
    private static Map<String, Object> members(Map<String, Object> check, String... named) {
        Map<String, Object> rest = new HashMap<>(check);
        for (String n : named) {
            rest.remove(n);
        }
        return rest;
    }
}
