package dev.clv.analytics;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.clv.testsupport.OidcResource;
import dev.clv.testsupport.WithPlatformInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * /v1/products and /v1/products/{id} on rows placed by hand for two tenants (numbers worked out in the comments)
 * and on the generated tenant, each checked against {@link ReferenceProducts}' sums over the rows sent.
 */
@QuarkusTest
@WithPlatformInfrastructure
class ProductsApiTest {
    static final String TENANT = "products-" + UUID.randomUUID();
    static final String OTHER = "products-other-" + UUID.randomUUID();
    // reference month 2024-06 (the newest with a purchase): recent = Apr–Jun 2024, previous = Jan–Mar 2024
    static final Object[][] ROWS = {
            // book: first sold 2023-10; previous 30 + 40 + 30 = 100, recent 50 + 30 − 30 + 55 = 105: maturity.
            // 7 purchases, 1 refund, gross 255, net 225; 6 units kept × 4.00 = cost 24.00, margin 201.00 (89.33 %);
            // buyers c1 (3 purchases), c2 (2), c3, c4: 4, of whom 2 repeat
            {"b1", "c1", "book", "books", "2023-10-05T10:00:00Z", "20.00"},
            {"b2", "c1", "book", "books", "2024-01-10T10:00:00Z", "30.00"},
            {"b3", "c2", "book", "books", "2024-02-10T10:00:00Z", "40.00"},
            {"b4", "c3", "book", "books", "2024-03-10T10:00:00Z", "30.00"},
            {"b5", "c1", "book", "books", "2024-04-10T10:00:00Z", "50.00"},
            {"b6", "c2", "book", "books", "2024-05-10T10:00:00Z", "30.00"},
            {"b6r", "c2", "book", "books", "2024-05-20T10:00:00Z", "-30.00"},
            {"b7", "c4", "book", "books", "2024-06-10T10:00:00Z", "55.00"},
            // lamp (no cost in the catalogue): previous 60, recent 200 > 66: growth; months cut at UTC midnight
            {"l1", "c5", "lamp", "home", "2023-09-01T00:00:00Z", "10.00"},
            {"l2", "c5", "lamp", "home", "2024-02-29T23:59:59Z", "60.00"},
            {"l3", "c6", "lamp", "home", "2024-04-01T00:00:00Z", "100.00"},
            {"l4", "c6", "lamp", "home", "2024-06-30T23:59:59Z", "100.00"},
            // kite (not in the catalogue): first sold 2024-05, within six months: introduction
            {"k1", "c1", "kite", "toys", "2024-05-02T10:00:00Z", "15.00"},
            {"k2", "c7", "kite", "toys", "2024-06-03T10:00:00Z", "15.00"},
            {"k2r", "c7", "kite", "toys", "2024-06-04T10:00:00Z", "-15.00"},
            // old: nothing since 2023-04: decline; its rows say garden twice and outdoor once: garden
            {"o1", "c8", "old", "garden", "2023-03-15T10:00:00Z", "25.00"},
            {"o2", "c8", "old", "garden", "2023-04-15T10:00:00Z", "25.00"},
            {"o3", "c9", "old", "outdoor", "2023-04-20T10:00:00Z", "5.00"},
            // no product: in no product answer
            {"n1", "c1", null, null, "2024-06-01T10:00:00Z", "999.00"}};
    static final ReferenceProducts REF = reference(ROWS);
    private static boolean loaded;

    @BeforeEach
    synchronized void load() {
        if (loaded) {
            return;
        }
        loaded = true;
        TenantRecords a = new TenantRecords(TENANT);
        TenantRecords b = new TenantRecords(OTHER);
        List<Object> records = new ArrayList<>(List.of(a.product("book", "Novel", "books", "4.00"),
                a.product("lamp", "Lamp", "home", null), a.product("card", "Gift card", "misc", "1.00"),
                // the other tenant: the same product id and customer, and a product of its own
                b.product("only-b", "Theirs", "books", "2.00"), b.sale("x1", "c1", "book", "books",
                        "2024-06-01T10:00:00Z", "500.00"),
                b.sale("x2", "c2", "only-b", "books", "2024-06-02T10:00:00Z", "7.00")));
        for (Object[] r : ROWS) {
            records.add(a.sale((String) r[0], (String) r[1], (String) r[2], (String) r[3], (String) r[4],
                    (String) r[5]));
        }
        records.add(a.sale("b1", "c1", "book", "books", "2023-10-05T10:00:00Z", "20.00")); // resent: counts once
        a.send(records.toArray());
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonPath all = TenantRecords.get(token(), "/v1/products?limit=10&sort=product_id&order=asc");
            return all.getInt("count") == 5 && all.getList("data.purchases", Integer.class).stream()
                    .mapToInt(i -> i).sum() == 16 && "Gift card".equals(all.getString("data[1].name"))
                    && all.getString("data[0].unit_cost") != null
                    && TenantRecords.get(otherToken(), "/v1/products").getInt("count") == 2;
        });
    }

    @Test
    void everyProductMatchesItsRowsAndItsStage() {
        List<Map<String, Object>> rows = TenantRecords.get(token(), "/v1/products").getList("data");
        // net revenue, highest first: lamp 270, book 225, old 55, kite 15, card 0
        assertEquals(List.of("lamp", "book", "old", "kite", "card"), rows.stream().map(r -> r.get("product_id"))
                .toList());
        Map<String, Map<String, Object>> byId = ProductAnswers.byId(rows);
        ProductAnswers.assertMatch(REF.products(null, null), byId);
        Map<String, Object> book = byId.get("book");
        assertEquals("Novel", book.get("name"));
        ProductAnswers.assertMoney("24.00", book.get("cost"));
        ProductAnswers.assertMoney("201.00", book.get("margin"));
        ProductAnswers.assertMoney("89.33", book.get("margin_pct"));
        assertEquals(6, ((Number) book.get("units_kept")).intValue());
        assertEquals(true, book.get("cost_known"));
        Map<String, Object> lamp = byId.get("lamp");
        assertEquals(false, lamp.get("cost_known"));
        assertTrue(lamp.containsKey("cost") && lamp.get("cost") == null && lamp.get("margin") == null);
        // the catalogue's product without a sale: zeros, its cost on no unit, no stage
        Map<String, Object> card = byId.get("card");
        assertEquals("misc", card.get("category"));
        assertEquals(0, ((Number) card.get("purchases")).intValue());
        ProductAnswers.assertMoney("0.00", card.get("cost"));
        assertNull(card.get("margin_pct"));
        assertNull(card.get("lifecycle_stage"));
        assertNull(card.get("first_sale_month"));
        Map<String, String> stages = new HashMap<>();
        rows.forEach(r -> stages.put((String) r.get("product_id"), (String) r.get("lifecycle_stage")));
        Map<String, String> expected = new HashMap<>(Map.of("book", "maturity", "lamp", "growth", "kite",
                "introduction", "old", "decline"));
        expected.put("card", null);
        assertEquals(expected, stages);
        assertEquals(YearMonth.of(2024, 6), REF.newestMonth());
        expected.keySet().stream().filter(p -> !p.equals("card")).forEach(p -> assertEquals(expected.get(p), REF
                .stage(p, REF.newestMonth()).label(), p));
    }

    @Test
    void aWindowSumsItsMonthsAndTheStageMovesWithTheReferenceDate() {
        // April to June (from as a date: its whole month). book: b5, b6, b6r, b7: 3 purchases by c1, c2, c4 (none
        // twice), gross 135, refunded 30, net 105, units 2: cost 8.00, margin 97.00
        JsonPath window = TenantRecords.get(token(), "/v1/products?from=2024-04-15&to=2024-06");
        Map<String, Map<String, Object>> byId = ProductAnswers.byId(window.getList("data"));
        ProductAnswers.assertMatch(REF.products(YearMonth.of(2024, 4), YearMonth.of(2024, 6)), byId);
        assertEquals(3, ((Number) byId.get("book").get("buyers")).intValue());
        ProductAnswers.assertMoney("97.00", byId.get("book").get("margin"));
        // first and last sale stay all-time
        assertEquals("2023-10", byId.get("book").get("first_sale_month"));
        // as of March 2024: book first sold 2023-10, within six months: introduction; lamp: Jan–Mar 60 against
        // nothing in Oct–Dec: growth; kite not sold yet: none; old: decline
        Map<String, Object> stages = new HashMap<>();
        TenantRecords.get(token(), "/v1/products?reference_date=2024-03-31").getList("data", Map.class)
                .forEach(r -> stages.put((String) r.get("product_id"), r.get("lifecycle_stage")));
        Map<String, Object> expected = new HashMap<>(Map.of("book", "introduction", "lamp", "growth", "old",
                "decline"));
        expected.put("kite", null);
        expected.put("card", null);
        assertEquals(expected, stages);
    }

    @Test
    void pagesFiltersAndSortsVisitEveryProductOnce() {
        assertEquals(List.of("lamp", "book", "old", "kite", "card"), ProductAnswers.ids(ProductAnswers.pages(token(),
                "/v1/products?limit=2")));
        // buyers ascending, ties by id: card 0, kite 2, lamp 2, old 2, book 4
        assertEquals(List.of("card", "kite", "lamp", "old", "book"), ProductAnswers.ids(ProductAnswers.pages(token(),
                "/v1/products?limit=3&sort=buyers&order=asc")));
        assertEquals(List.of("old"), ProductAnswers.ids(TenantRecords.get(token(), "/v1/products?category=garden")
                .getList("data")));
        assertEquals(List.of("kite"), ProductAnswers.ids(TenantRecords.get(token(), "/v1/products?category=toys")
                .getList("data")));
    }

    @Test
    void oneProductCarriesItsMonthsEmptyOnesIncluded() {
        JsonPath book = TenantRecords.get(token(), "/v1/products/book");
        assertEquals("2024-06", book.getString("data.reference_month"));
        assertEquals("maturity", book.getString("data.lifecycle_stage"));
        ProductAnswers.assertMatch(Map.of("book", REF.products(null, null).get("book")), Map.of("book",
                book.getMap("data")));
        // October 2023 to June 2024: nine months, November and December without a row
        List<Map<String, Object>> months = book.getList("data.months");
        assertEquals(9, months.size());
        assertEquals(List.of("2023-10", "2023-11"), ProductAnswers.months(months).subList(0, 2));
        ProductAnswers.assertMonths(REF.months("book"), months);
        // a bounded window: every month of it; May: one purchase by c2, refunded: net 0
        List<Map<String, Object>> year = TenantRecords.get(token(), "/v1/products/book?from=2024-01&to=2024-12")
                .getList("data.months");
        assertEquals(12, year.size());
        ProductAnswers.assertMonths(REF.months("book"), year);
        assertEquals(1, ((Number) year.get(4).get("buyers")).intValue());
        ProductAnswers.assertMoney("0.00", year.get(4).get("net_revenue"));
        assertEquals(List.of(), TenantRecords.get(token(), "/v1/products/card").getList("data.months"));
    }

    @Test
    void unknownProductsOtherTenantsAndBadParameters() {
        given().auth().oauth2(token()).get("/v1/products/nothing").then().statusCode(404)
                .contentType("application/problem+json");
        // the other tenant's product is not this tenant's, and its sales of 'book' are not in this one's
        given().auth().oauth2(token()).get("/v1/products/only-b").then().statusCode(404);
        JsonPath theirs = TenantRecords.get(otherToken(), "/v1/products/book");
        assertEquals(1, theirs.getInt("data.purchases"));
        ProductAnswers.assertMoney("500.00", theirs.get("data.net_revenue"));
        String[][] bad = {{"from=2024-13", "from"}, {"from=2024-06&to=2024-05", "to"}, {"sort=price", "sort"},
                {"limit=0", "limit"}, {"cursor=bm9wZQ", "cursor"}, {"reference_date=soon", "reference_date"},
                {"order=up", "order"}, {"from=0000-01", "from"}};
        for (String[] b : bad) {
            given().auth().oauth2(token()).get("/v1/products?" + b[0]).then().statusCode(400)
                    .contentType("application/problem+json").body("errors[0].field", equalTo(b[1]));
        }
        given().auth().oauth2(token()).get("/v1/products/book?to=2024-x").then().statusCode(400)
                .body("errors[0].field", equalTo("to"));
        // a cursor made for one ordering is refused by another
        String cursor = TenantRecords.get(token(), "/v1/products?limit=1").getString("next_cursor");
        given().auth().oauth2(token()).get("/v1/products?sort=buyers&cursor=" + cursor).then().statusCode(400);
    }

    @Test
    void theGeneratedTenantsProductsMatchTheirRows() {
        GeneratedTenant.ensureLoaded();
        List<ReferenceProducts.Sale> sales = GeneratedTenant.DATA.transactions().stream()
                .map(t -> new ReferenceProducts.Sale(
                        t.productId(), t.customerId(), t.productCategory(), t.transactionDate(), t.amount(),
                        t.isRefund()))
                .toList();
        ReferenceProducts ref = new ReferenceProducts(sales);
        List<Map<String, Object>> rows = ProductAnswers.pages(GeneratedTenant.token(), "/v1/products?limit=7");
        Map<String, Map<String, Object>> byId = ProductAnswers.byId(rows);
        assertEquals(ref.products(null, null).keySet(), byId.keySet());
        ProductAnswers.assertMatch(ref.products(null, null), byId);
        byId.forEach((id, row) -> assertEquals(ref.stage(id, ref.newestMonth()).label(), row.get("lifecycle_stage"),
                id));
        String product = rows.get(0).get("product_id").toString();
        ProductAnswers.assertMonths(ref.months(product), GeneratedTenant.get("/v1/products/" + product).getList(
                "data.months"));
        // windows of one month to two years, ending at the newest month and before it, open at either end: buyers
        // and repeat buyers come from the purchase-month links (V19), the reference from every row
        YearMonth newest = ref.newestMonth();
        for (int length : new int[]{1, 2, 5, 12, 24}) {
            for (int back : new int[]{0, 3, 11}) {
                YearMonth to = newest.minusMonths(back);
                YearMonth from = to.minusMonths(length - 1);
                ProductAnswers.assertMatch(ref.products(from, to), ProductAnswers.byId(ProductAnswers.pages(
                        GeneratedTenant.token(), "/v1/products?limit=1000&from=" + from + "&to=" + to)));
            }
        }
        ProductAnswers.assertMatch(ref.products(null, newest.minusMonths(6)), ProductAnswers.byId(ProductAnswers
                .pages(GeneratedTenant.token(), "/v1/products?limit=1000&to=" + newest.minusMonths(6))));
        ProductAnswers.assertMatch(ref.products(newest.minusMonths(6), null), ProductAnswers.byId(ProductAnswers
                .pages(GeneratedTenant.token(), "/v1/products?limit=1000&from=" + newest.minusMonths(6))));
    }

    @Test
    void theMigrationsBackfillEqualsWhatTheProjectionKept() throws Exception {
        GeneratedTenant.ensureLoaded();
        // the migration's own INSERTs, run again into temporary tables of the same names (searched first)
        List<String> inserts = Backfills.statements("V16__product_months.sql", "INSERT");
        assertEquals(2, inserts.size());
        List<String> tables = List.of("product_months", "customer_product_months");
        try (java.sql.Connection db = java.sql.DriverManager.getConnection(
                dev.clv.testsupport.PostgresResource.jdbcUrl(), "postgres", "postgres");
                java.sql.Statement st = db.createStatement()) {
            st.execute("SET search_path = analytics");
            for (String t : tables) {
                st.execute("CREATE TEMP TABLE " + t + " (LIKE analytics." + t + ")");
            }
            for (String insert : inserts) {
                st.execute(insert);
            }
            for (String t : tables) {
                for (String tenant : List.of(TENANT, OTHER, GeneratedTenant.TENANT)) {
                    // V16's columns (V19 added the buyer links, checked below)
                    String columns = "tenant_id, product_id, " + ("product_months".equals(t) ? "" : "customer_id, ")
                            + "month, purchases, gross_revenue, refunds, refund_total";
                    String kept = "SELECT " + columns + " FROM analytics." + t + " WHERE tenant_id = '" + tenant
                            + "'";
                    String backfilled = "SELECT " + columns + " FROM pg_temp." + t + " WHERE tenant_id = '" + tenant
                            + "'";
                    Backfills.assertSameRows(st, kept, backfilled, t + " of " + tenant);
                }
            }
        }
    }

    @Test
    void purchaseMonthsArrivingOutOfOrderKeepBuyersExactInEveryWindow() {
        // one customer's months of a product arrive late and out of order, batch after batch, and a refund; each
        // time, every window of March to July 2024 holds the buyers and repeat buyers counted here from the rows
        String tenant = "products-chain-" + UUID.randomUUID();
        TenantRecords t = new TenantRecords(tenant);
        String token = OidcResource.token(tenant, "analytics:read");
        Object[][][] batches = {
                {{"j1", "c1", "mug", "home", "2024-06-10T10:00:00Z", "10.00"}},
                {{"a1", "c1", "mug", "home", "2024-04-10T10:00:00Z", "10.00"},
                        {"a2", "c2", "mug", "home", "2024-04-11T10:00:00Z", "10.00"}},
                {{"m1", "c1", "mug", "home", "2024-05-10T10:00:00Z", "10.00"},
                        {"m2", "c1", "mug", "home", "2024-05-11T10:00:00Z", "10.00"}},
                {{"m1r", "c1", "mug", "home", "2024-05-12T10:00:00Z", "-10.00"},
                        {"j2", "c2", "mug", "home", "2024-06-01T00:00:00Z", "10.00"}}};
        List<Object[]> sent = new ArrayList<>();
        for (Object[][] batch : batches) {
            List<Object> records = new ArrayList<>();
            for (Object[] r : batch) {
                sent.add(r);
                records.add(t.sale((String) r[0], (String) r[1], (String) r[2], (String) r[3], (String) r[4],
                        (String) r[5]));
            }
            t.send(records.toArray());
            int rows = sent.size();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                JsonPath mug = TenantRecords.get(token, "/v1/products/mug");
                return mug.getInt("data.purchases") + mug.getInt("data.refunds") == rows;
            });
            ReferenceProducts ref = reference(sent.toArray(Object[][]::new));
            for (YearMonth from = YearMonth.of(2024, 3); !from.isAfter(YearMonth.of(2024, 7)); from = from
                    .plusMonths(1)) {
                for (YearMonth to = from; !to.isAfter(YearMonth.of(2024, 7)); to = to.plusMonths(1)) {
                    ProductAnswers.assertMatch(ref.products(from, to), ProductAnswers.byId(TenantRecords.get(token,
                            "/v1/products?from=" + from + "&to=" + to).getList("data")));
                }
            }
        }
    }

    @Test
    void theBuyerLinksBackfillEqualsWhatTheProjectionKept() throws Exception {
        GeneratedTenant.ensureLoaded();
        // V19's UPDATE and INSERT run again over a copy of the rows without links, in temporary tables of the same
        // names (searched first): the links and their counts must be what batch after batch made of them
        List<String> statements = Backfills.statements("V19__product_buyer_spans.sql", "UPDATE", "INSERT");
        assertEquals(2, statements.size());
        try (java.sql.Connection db = java.sql.DriverManager.getConnection(
                dev.clv.testsupport.PostgresResource.jdbcUrl(), "postgres", "postgres");
                java.sql.Statement st = db.createStatement()) {
            st.execute("SET search_path = analytics");
            st.execute("CREATE TEMP TABLE customer_product_months AS SELECT * FROM analytics.customer_product_months");
            st.execute("UPDATE pg_temp.customer_product_months SET span_prev = NULL, span_next = NULL, "
                    + "span_single = NULL");
            st.execute("CREATE TEMP TABLE product_buyer_spans (LIKE analytics.product_buyer_spans)");
            for (String statement : statements) {
                st.execute(statement);
            }
            for (String tenant : List.of(TENANT, OTHER, GeneratedTenant.TENANT)) {
                for (String[] t : new String[][]{{"customer_product_months", "true"},
                        {"product_buyer_spans", "customers <> 0"}}) {
                    String kept = "SELECT * FROM analytics." + t[0] + " WHERE tenant_id = '" + tenant + "' AND "
                            + t[1];
                    String backfilled = "SELECT * FROM pg_temp." + t[0] + " WHERE tenant_id = '" + tenant + "' AND "
                            + t[1];
                    Backfills.assertSameRows(st, kept, backfilled, t[0] + " of " + tenant);
                }
            }
        }
    }

    static ReferenceProducts reference(Object[][] rows) {
        List<ReferenceProducts.Sale> sales = new ArrayList<>();
        for (Object[] r : rows) {
            sales.add(new ReferenceProducts.Sale((String) r[2], (String) r[1], (String) r[3], Instant.parse(
                    (String) r[4]), new BigDecimal((String) r[5]), ((String) r[5]).startsWith("-")));
        }
        return new ReferenceProducts(sales);
    }

    static String token() {
        return OidcResource.token(TENANT, "analytics:read");
    }

    private static String otherToken() {
        return OidcResource.token(OTHER, "analytics:read");
    }
}
