package dev.clv.analytics;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.clv.datagen.GeneratedCustomer;
import dev.clv.datagen.GeneratedInteraction;
import dev.clv.datagen.GeneratedTransaction;
import dev.clv.testsupport.OidcResource;
import dev.clv.testsupport.WithPlatformInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** /v1/customers, one customer and their timeline, against the generator's rows counted in plain Java. */
@QuarkusTest
@WithPlatformInfrastructure
class CustomersApiTest {
    @BeforeEach
    void load() {
        GeneratedTenant.ensureLoaded();
    }

    @Test
    void pagingByLtvVisitsEveryCustomerOnceInOrder() {
        List<Map<String, Object>> all = pages("/v1/customers?limit=7");
        assertEquals(GeneratedTenant.DATA.customers().size(), all.size());
        assertEquals(all.size(), all.stream().map(r -> r.get("customer_id")).distinct().count());
        List<String> expected = GeneratedTenant.REF.ltv.entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<String, ReferenceAnalytics.Ltv> e) -> e.getValue().net())
                        .thenComparing(Map.Entry::getKey).reversed())
                .map(Map.Entry::getKey).toList();
        assertEquals(expected, all.stream().map(r -> (String) r.get("customer_id")).toList());
    }

    @Test
    void filtersAndAscendingDatesMatchTheRows() {
        String country = GeneratedTenant.DATA.customers().get(0).country();
        List<Map<String, Object>> rows = pages("/v1/customers?limit=9&sort=last_purchase_at&order=asc&country="
                + country + "&min_purchases=2");
        long expected = GeneratedTenant.DATA.customers().stream().filter(c -> c.country().equals(country)
                && GeneratedTenant.REF.ltv.get(c.customerId()).purchases() >= 2).count();
        assertTrue(expected > 0);
        assertEquals(expected, rows.size());
        Instant previous = Instant.MIN;
        for (Map<String, Object> row : rows) {
            Instant last = Instant.parse((String) row.get("last_purchase_at"));
            assertTrue(!last.isBefore(previous), "ascending");
            assertEquals(GeneratedTenant.REF.ltv.get((String) row.get("customer_id")).last(), last);
            previous = last;
        }
    }

    @Test
    void oneCustomerCarriesProfileAndAggregates() {
        GeneratedCustomer c = GeneratedTenant.DATA.customers().stream()
                .filter(x -> GeneratedTenant.REF.ltv.get(x.customerId()).purchases() > 1).findFirst().orElseThrow();
        JsonPath answer = GeneratedTenant.get("/v1/customers/" + c.customerId());
        assertTrue(answer.getBoolean("success"));
        assertEquals(c.city(), answer.getString("data.profile.city"));
        assertEquals(c.age(), answer.getInt("data.profile.age"));
        ReferenceAnalytics.Ltv ltv = GeneratedTenant.REF.ltv.get(c.customerId());
        assertEquals(0, ltv.net().compareTo(new BigDecimal(answer.getString("data.metrics.ltv"))));
        List<GeneratedInteraction> mine = GeneratedTenant.DATA.interactions().stream()
                .filter(i -> i.customerId().equals(c.customerId())).toList();
        assertEquals(mine.size(), answer.getInt("data.metrics.interaction_count"));
        List<Integer> scores = mine.stream().map(GeneratedInteraction::satisfactionScore)
                .filter(java.util.Objects::nonNull).toList();
        if (!scores.isEmpty()) {
            BigDecimal mean = BigDecimal.valueOf(scores.stream().mapToInt(i -> i).sum()).divide(BigDecimal.valueOf(
                    scores.size()), 2, RoundingMode.HALF_UP);
            assertEquals(0, mean.compareTo(new BigDecimal(answer.getString("data.metrics.avg_satisfaction"))));
        }
    }

    @Test
    void theTimelineHoldsEveryRowNewestFirst() {
        GeneratedCustomer c = GeneratedTenant.DATA.customers().stream()
                .max(Comparator.comparing((GeneratedCustomer x) -> rowsOf(x.customerId()).size())).orElseThrow();
        List<Map<String, Object>> entries = pages("/v1/customers/" + c.customerId() + "/timeline?limit=4");
        Set<String> expected = new HashSet<>(rowsOf(c.customerId()));
        assertTrue(expected.size() > 4, "more than one page");
        assertEquals(expected.size(), entries.size());
        assertEquals(expected, new HashSet<>(entries.stream().map(e -> e.get("type") + ":" + e.get("id")).toList()));
        for (int i = 1; i < entries.size(); i++) {
            assertTrue(!Instant.parse((String) entries.get(i).get("occurred_at"))
                    .isAfter(Instant.parse((String) entries.get(i - 1).get("occurred_at"))), "newest first");
        }
    }

    @Test
    void unknownCustomersBadCursorsAndOtherTenants() {
        String id = GeneratedTenant.DATA.customers().get(0).customerId();
        given().auth().oauth2(GeneratedTenant.token()).get("/v1/customers/nobody").then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(GeneratedTenant.token()).get("/v1/customers/nobody/timeline").then().statusCode(404);
        given().auth().oauth2(GeneratedTenant.token()).get("/v1/customers?cursor=bm9wZQ").then().statusCode(400)
                .body("errors[0].field", equalTo("cursor"));
        given().auth().oauth2(GeneratedTenant.token()).get("/v1/customers?sort=shoe_size").then().statusCode(400)
                .body("errors[0].field", equalTo("sort"));
        // a cursor made for one ordering is refused by another
        String cursor = GeneratedTenant.get("/v1/customers?limit=1").getString("next_cursor");
        given().auth().oauth2(GeneratedTenant.token()).get("/v1/customers?sort=customer_id&cursor=" + cursor).then()
                .statusCode(400);
        String other = OidcResource.token("other-" + GeneratedTenant.TENANT, "analytics:read");
        given().auth().oauth2(other).get("/v1/customers/" + id).then().statusCode(404);
        given().auth().oauth2(other).get("/v1/customers/" + id + "/timeline").then().statusCode(404);
        given().auth().oauth2(other).get("/v1/customers").then().statusCode(200).body("count", equalTo(0));
    }

    private static List<String> rowsOf(String customer) {
        List<String> out = new ArrayList<>();
        GeneratedTenant.DATA.transactions().stream().filter(t -> t.customerId().equals(customer))
                .map(GeneratedTransaction::transactionId).forEach(id -> out.add("transaction:" + id));
        GeneratedTenant.DATA.interactions().stream().filter(i -> i.customerId().equals(customer))
                .map(GeneratedInteraction::interactionId).forEach(id -> out.add("interaction:" + id));
        return out;
    }

    private static List<Map<String, Object>> pages(String first) {
        List<Map<String, Object>> all = new ArrayList<>();
        String cursor = null;
        int guard = 0;
        do {
            JsonPath page = GeneratedTenant.get(first + (cursor == null ? "" : "&cursor=" + cursor));
            all.addAll(page.getList("data"));
            cursor = page.getString("next_cursor");
            assertTrue(++guard < 1000);
        } while (cursor != null);
        assertNull(cursor);
        return all;
    }
}
