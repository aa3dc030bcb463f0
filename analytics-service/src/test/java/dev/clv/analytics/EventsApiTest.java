package dev.clv.analytics;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 * GET /v1/events over six events placed by hand: newest first (e6, e5, e4, then e3 and e2, which share a time and
 * are ordered by id, then e1), each filter alone and combined, and the property filter's value rules.
 */
@QuarkusTest
@WithPlatformInfrastructure
class EventsApiTest {
    private static final String TENANT = "events-" + UUID.randomUUID();
    private static final TenantRecords ROWS = new TenantRecords(TENANT);
    private static boolean loaded;

    @BeforeEach
    void load() {
        synchronized (EventsApiTest.class) {
            if (loaded) {
                return;
            }
            loaded = true;
        }
        ROWS.send(ROWS.event("e1", "c1", "page_view", "2024-01-01T10:00:00Z", "s1", props("page", "home", "n", 5,
                "flag", true)),
                ROWS.event("e2", "c1", "purchase", "2024-01-02T10:00:00Z", "s1", props("order_id", "o-1", "amount",
                        new BigDecimal("99.99"), "category", "electronics")),
                ROWS.event("e3", "c2", "page_view", "2024-01-02T10:00:00Z", "s2", props("page", "product", "n", "5")),
                ROWS.event("e4", "c2", "page_view", "2024-01-03T10:00:00Z", null, props("page", "home", "items",
                        List.of("a", "b"), "nested", Map.of("page", "home"))),
                ROWS.event("e5", "c3", "signup", "2024-01-04T10:00:00Z", "s3", null),
                ROWS.event("e6", "c1", "page_view", "2024-01-05T10:00:00Z", "s4", props("page", "Home", "amount",
                        new BigDecimal("99.990"), "flag", "true")));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> ids("").size() == 6);
    }

    @Test
    void newestFirstInTheSeedsShapeAndPaged() {
        assertEquals(List.of("e6", "e5", "e4", "e3", "e2", "e1"), ids(""));
        List<String> paged = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonPath page = get("limit=2" + (cursor == null ? "" : "&cursor=" + cursor));
            paged.addAll(page.getList("data.id"));
            cursor = page.getString("next_cursor");
            pages++;
        } while (cursor != null);
        assertEquals(List.of("e6", "e5", "e4", "e3", "e2", "e1"), paged);
        assertEquals(3, pages);
        Map<String, Object> e2 = get("event_type=purchase").getMap("data[0]");
        assertEquals(List.of("id", "customer_id", "event_type", "timestamp", "properties", "session_id"), List.copyOf(
                e2.keySet()));
        assertEquals("2024-01-02T10:00:00Z", e2.get("timestamp"));
        assertEquals("s1", e2.get("session_id"));
        assertEquals(0, new BigDecimal("99.99").compareTo(new BigDecimal(((Map<?, ?>) e2.get("properties")).get(
                "amount").toString())));
        // without properties: an empty object; without a session: null, still written
        Map<String, Object> e5 = get("event_type=signup").getMap("data[0]");
        assertEquals(Map.of(), e5.get("properties"));
        Map<String, Object> e4 = get("customer_id=c2&limit=1").getMap("data[0]");
        assertTrue(e4.containsKey("session_id") && e4.get("session_id") == null, e4.toString());
    }

    @Test
    void filtersAloneAndCombined() {
        assertEquals(List.of("e6", "e2", "e1"), ids("customer_id=c1"));
        assertEquals(List.of("e6", "e4", "e3", "e1"), ids("event_type=page_view"));
        // whole days of the tenant's zone (UTC here), and seconds with the end's whole second included
        assertEquals(List.of("e4", "e3", "e2"), ids("from=2024-01-02&to=2024-01-03"));
        assertEquals(List.of("e3", "e2"), ids("from=2024-01-02 10:00:00&to=2024-01-03 09:59:59"));
        assertEquals(List.of("e4"), ids("from=2024-01-03T10:00:00Z&to=2024-01-03T10:00:00Z"));
        assertEquals(List.of("e4"), ids("customer_id=c2&event_type=page_view&properties.page=home"));
        assertEquals(List.of("e1"), ids("properties.page=home&properties.n=5"));
        assertEquals(List.of(), ids("customer_id=c3&event_type=page_view"));
    }

    @Test
    void propertyValuesMatchAsStringsNumbersOrBooleans() {
        // a top-level property equal to the value: "Home" is not "home", and e4's nested page does not count
        assertEquals(List.of("e4", "e1"), ids("properties.page=home"));
        // 5 matches the number 5 (e1) and the string "5" (e3); 99.99 the numbers 99.99 (e2) and 99.990 (e6)
        assertEquals(List.of("e3", "e1"), ids("properties.n=5"));
        assertEquals(List.of("e6", "e2"), ids("properties.amount=99.99"));
        // true matches the boolean (e1) and the string (e6)
        assertEquals(List.of("e6", "e1"), ids("properties.flag=true"));
        // a repeated key is any of its values
        assertEquals(List.of("e4", "e3", "e1"), ids("properties.page=home&properties.page=product"));
        // an array's element is not its value
        assertEquals(List.of(), ids("properties.items=a"));
        assertEquals(List.of("e2"), ids("properties.order_id=o-1"));
    }

    @Test
    void badParametersOtherTenantsAndScopes() {
        String token = OidcResource.token(TENANT, "analytics:read");
        for (String[] bad : new String[][]{{"limit=0", "limit"}, {"limit=1001", "limit"}, {"properties.=x",
                "properties."}, {"cursor=bm9wZQ", "cursor"}, {"from=yesterday", "from"},
                {"from=2024-01-03&to=2024-01-02", "to"}}) {
            given().auth().oauth2(token).get("/v1/events?" + bad[0]).then().statusCode(400)
                    .contentType("application/problem+json").body("errors[0].field", equalTo(bad[1]));
        }
        assertEquals(0, TenantRecords.get(OidcResource.token("other-" + TENANT, "analytics:read"), "/v1/events")
                .getInt("count"));
        given().auth().oauth2(OidcResource.token(TENANT, "events:write")).get("/v1/events").then().statusCode(403);
        assertNull(get("customer_id=c1").getString("next_cursor"));
    }

    private static Map<String, Object> props(Object... pairs) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            out.put((String) pairs[i], pairs[i + 1]);
        }
        return out;
    }

    private static List<String> ids(String query) {
        return get(query).getList("data.id");
    }

    private static JsonPath get(String query) {
        return TenantRecords.get(OidcResource.token(TENANT, "analytics:read"), "/v1/events" + (query.isEmpty()
                ? ""
                : "?" + query));
    }
}
