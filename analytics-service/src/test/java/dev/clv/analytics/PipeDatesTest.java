package dev.clv.analytics;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.clv.testsupport.OidcResource;
import dev.clv.testsupport.WithPlatformInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;

/**
 * Pipe date parameters with time-of-day precision in a tenant whose zone is Asia/Kolkata (UTC+05:30, set for
 * tenant kolkata-dates in the test profile): local midnight is 18:30 UTC the day before, so local days cut UTC days
 * in half and windows have partial UTC days at their edges. Every expectation is worked out by hand below.
 */
@QuarkusTest
@WithPlatformInfrastructure
class PipeDatesTest {
    static final String TENANT = "kolkata-dates";
    private static final TenantRecords ROWS = new TenantRecords(TENANT);
    private static boolean loaded;

    @BeforeEach
    void load() {
        synchronized (PipeDatesTest.class) {
            if (loaded) {
                return;
            }
            loaded = true;
        }
        // registrations around local midnight of 03-10 (18:30Z on 03-09) and local noon of 03-10 (06:30Z)
        ROWS.send(ROWS.customer("a", "2024-03-09T18:29:59Z", "retail", null, null, null),
                ROWS.customer("b", "2024-03-09T18:30:00Z", "retail", null, null, null),
                ROWS.customer("c", "2024-03-10T06:30:00.500Z", "retail", null, null, null),
                ROWS.customer("d", "2024-03-10T06:30:01Z", "retail", null, null, null));
        ROWS.send(ROWS.purchase("a1", "a", "2024-03-09T18:29:59Z", "50.00"), // local 03-09 23:59:59
                ROWS.purchase("a2", "a", "2024-03-09T18:30:00Z", "10.00"), // local 03-10 00:00:00
                ROWS.purchase("b1", "b", "2024-03-11T10:00:00Z", "20.00"), // local 03-11 15:30
                ROWS.purchase("b2", "b", "2024-03-12T18:29:00Z", "5.00"), // local 03-12 23:59
                ROWS.refund("b3", "b", "2024-03-12T18:31:00Z", "5.00"), // local 03-13 00:01
                ROWS.purchase("c1", "c", "2024-03-10T05:00:00Z", "7.00"), // local 03-10 10:30
                ROWS.refund("c2", "c", "2024-03-11T06:00:00Z", "2.00"), // local 03-11 11:30
                ROWS.purchase("c3", "c", "2024-03-12T18:30:00Z", "3.00"), // local 03-13 00:00
                ROWS.purchase("d1", "d", "2024-03-10T00:00:00Z", "1.00"), // local 03-10 05:30
                ROWS.purchase("d2", "d", "2024-03-12T00:00:00Z", "100.00")); // local 03-12 05:30
        // all-time net revenue: a 60.00, b 20.00, c 8.00, d 101.00
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> pipe("customer_ltv", "limit=100")
                .getList("data.ltv", BigDecimal.class).stream().reduce(BigDecimal.ZERO, BigDecimal::add)
                .compareTo(new BigDecimal("189.00")) == 0);
    }

    @Test
    void localDaysCutUtcDaysAndTheEdgesAreReadExactly() {
        // local 03-10..03-12 = [03-09T18:30Z, 03-12T18:30Z): whole UTC days 03-10 and 03-11 from the rollup, the
        // edges [03-09T18:30, 03-10) and [03-12, 03-12T18:30) from the rows. In it: a2 (a: 1 purchase, 10.00, last
        // local day 03-10); b1, b2 (b: 2, 25.00, 03-12; the refund b3 is local 03-13); c1, c2 (c: 1, 5.00, 03-10;
        // c3 is local 03-13); d1, d2 (d: 2, 101.00, 03-12). Recency to 03-12: a 2, b 0, c 2, d 0.
        // Quintiles of 4 (1 + floor(5 × worse / 4)): R a, c 1 and b, d 3; F the same; M c 1, a 2, b 3, d 4.
        // Segments: R1 F1 Lost (a, c), R3 F3 Need Attention (b, d).
        assertRfm(pipe("customer_segmentation", "start_date=2024-03-10&end_date=2024-03-12"),
                "d 0 2 101.00 334 Need Attention", "b 0 2 25.00 333 Need Attention", "a 2 1 10.00 112 Lost",
                "c 2 1 5.00 111 Lost");
    }

    @Test
    void localTimesCountToTheSecondAndIsoInstantsAreTheSameWindow() {
        // 03-10 05:30:00 to 03-12 05:29:59 local, the end's whole second included: [03-10T00:00Z, 03-12T00:00Z),
        // whole UTC days only. In it: b1 (b: 1, 20.00, local 03-11), c1 and c2 (c: 1, 5.00, 03-10), d1 (d: 1,
        // 1.00, 03-10); a2 is before, d2 exactly at the end (excluded). Recency to local 03-12: b 1, c 2, d 2.
        // Quintiles of 3: R c, d 1, b 1 + floor(10 / 3) = 4; F all 1; M d 1, c 2, b 4. b R4 F1 Promising.
        String[] expected = {"b 1 1 20.00 414 Promising", "c 2 1 5.00 112 Lost", "d 2 1 1.00 111 Lost"};
        assertRfm(pipe("customer_segmentation", "start_date=2024-03-10 05:30:00&end_date=2024-03-12 05:29:59"),
                expected);
        assertRfm(pipe("customer_segmentation", "start_date=2024-03-10T00:00:00Z&end_date=2024-03-11T23:59:59Z"),
                expected);
        // an offset sent with an unencoded '+' arrives as a space; it is read as the '+' it was
        JsonPath plus = given().urlEncodingEnabled(false).auth().oauth2(token())
                .get("/v0/pipes/customer_segmentation.json?start_date=2024-03-10T05:30:00%2005:30"
                        + "&end_date=2024-03-12T05:29:59%2B05:30")
                .then().statusCode(200).extract().jsonPath().using(new JsonPathConfig(
                        JsonPathConfig.NumberReturnType.BIG_DECIMAL));
        assertRfm(plus, expected);
    }

    @Test
    void partialDaysAtBothEdgesMidDay() {
        // 03-10 10:00:00 to 03-12 06:00:00 local = [03-10T04:30Z, 03-12T00:30:01Z): whole UTC day 03-11, edges
        // [03-10T04:30, 03-11) and [03-12, 03-12T00:30:01). In it: b1 (b: 1, 20.00, local 03-11); c1 in the first
        // edge and the refund c2 on the whole day (c: 1, 5.00, 03-10); d2 in the last edge (d: 1, 100.00, 03-12);
        // d1 (00:00Z) is before. Recency to 03-12: b 1, c 2, d 0. Quintiles of 3: R c 1, b 2, d 4; F all 1;
        // M c 1, b 2, d 4. Segments: d R4 F1 Promising, b R2 F1 Hibernating, c Lost.
        assertRfm(pipe("customer_segmentation", "start_date=2024-03-10 10:00:00&end_date=2024-03-12 06:00:00"),
                "d 0 1 100.00 414 Promising", "b 1 1 20.00 212 Hibernating", "c 2 1 5.00 111 Lost");
    }

    @Test
    void allTimeRecencyIsInLocalDays() {
        // c's last purchase, c3 at 03-12T18:30Z, is local 03-13: recency counts from there to today in Kolkata
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Kolkata"));
        Map<String, Object> c = pipe("customer_segmentation", "limit=100")
                .getMap("data.find { it.customer_id == 'c' }");
        assertEquals(java.time.temporal.ChronoUnit.DAYS.between(LocalDate.parse("2024-03-13"), today),
                ((Number) c.get("recency_days")).longValue());
    }

    @Test
    void registrationFiltersCompareInstants() {
        // [local 03-10 00:00:00, local 03-10 12:00:00 and its whole second) = [03-09T18:30Z, 03-10T06:30:01Z):
        // b at 18:30:00 and c at 06:30:00.5 in, a a second before, d a second after
        assertEquals(Set.of("b", "c"), ids(pipe("customer_ltv", "start_date=2024-03-10&end_date=2024-03-10 12:00:00")));
        // the local day 03-09 ends at 03-09T18:30Z: only a registered on it or before
        assertEquals(Set.of("a"), ids(pipe("customer_ltv", "end_date=2024-03-09")));
        assertEquals(Set.of("b", "c", "d"), ids(pipe("customer_ltv", "start_date=2024-03-10")));
        // the cohort of local-day registrations from 03-10 (b, c, d; UTC month 2024-03): 20.00 + 8.00 + 101.00
        JsonPath cohorts = pipe("ltv_by_cohort", "start_date=2024-03-10");
        assertEquals(3, cohorts.getInt("data[0].customers"));
        assertEquals(0, new BigDecimal("129.00").compareTo(cohorts.getObject("data[0].total_ltv", BigDecimal.class)));
        // /v1/customers reads its registration dates the same way
        JsonPath listed = TenantRecords.get(token(), "/v1/customers?registered_from=2024-03-10"
                + "&registered_to=2024-03-10&sort=customer_id&order=asc");
        assertEquals(List.of("b", "c", "d"), listed.getList("data.customer_id"));
    }

    @Test
    void badDatesAreNamed() {
        for (String[] bad : new String[][]{{"start_date=2024-02-30", "start_date"},
                {"end_date=2024-03-10T10:00:00", "end_date"}, {"start_date=2024-03-10 25:00:00", "start_date"},
                {"start_date=2024-03-12&end_date=2024-03-10", "end_date"},
                {"start_date=2024-03-10T10:00:00.1234567Z", "start_date"}}) {
            given().auth().oauth2(token()).get("/v0/pipes/customer_segmentation.json?" + bad[0]).then()
                    .statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo(bad[1]));
        }
    }

    private static void assertRfm(JsonPath answer, String... expected) {
        List<Map<String, Object>> rows = answer.getList("data");
        List<String> actual = rows.stream().map(r -> r.get("customer_id") + " " + r.get("recency_days") + " "
                + r.get("frequency") + " " + new BigDecimal(r.get("monetary").toString()).setScale(2) + " "
                + r.get("rfm_score") + " " + r.get("rfm_segment")).toList();
        assertEquals(List.of(expected), actual);
    }

    private static Set<String> ids(JsonPath answer) {
        return new HashSet<>(answer.getList("data.customer_id"));
    }

    static String token() {
        return OidcResource.token(TENANT, "analytics:read");
    }

    private static JsonPath pipe(String name, String query) {
        return TenantRecords.get(token(), "/v0/pipes/" + name + ".json?" + query);
    }
}
