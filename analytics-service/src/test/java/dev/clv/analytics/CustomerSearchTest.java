package dev.clv.analytics;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.clv.testsupport.OidcResource;
import dev.clv.testsupport.WithPlatformInfrastructure;
import io.quarkus.test.junit.QuarkusTest;

/**
 * GET /v1/customers?q= over profiles placed by hand: an id exactly, e-mails by prefix, names by word prefixes,
 * case-insensitive, ranked id, e-mail, name and then by name; the list's filters apply; query syntax typed by a
 * user is only text; another tenant's customers of the same names are never found.
 */
@QuarkusTest
@WithPlatformInfrastructure
class CustomerSearchTest {
    static final String TENANT = "search-" + UUID.randomUUID();
    static final String OTHER = "search-other-" + UUID.randomUUID();
    private static boolean loaded;

    @BeforeEach
    synchronized void load() {
        if (loaded) {
            return;
        }
        loaded = true;
        TenantRecords a = new TenantRecords(TENANT);
        a.send(a.customer("c-ada", "2024-01-01T00:00:00Z", "vip", null, "Ada Lovelace", "ada@example.org"),
                a.customer("c-adam", "2024-01-01T00:00:00Z", "basic", null, "Adam Smith", "adam.smith@example.org"),
                a.customer("c-grace", "2024-01-01T00:00:00Z", "vip", null, "Grace Hopper", "GRACE@Navy.mil"),
                a.customer("ada", "2024-01-01T00:00:00Z", "basic", null, "Zed", "zed@example.org"),
                a.customer("c-quote", "2024-01-01T00:00:00Z", "basic", null, "O'Brien & Co", null));
        TenantRecords b = new TenantRecords(OTHER);
        b.send(b.customer("c-ada", "2024-01-01T00:00:00Z", "vip", null, "Ada Other", "ada@example.org"));
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> ids(TENANT, "q=ada").size() == 3
                && ids(TENANT, "q=grace").size() == 1 && ids(TENANT, "q=o'brien").size() == 1
                && ids(OTHER, "q=ada").size() == 1);
    }

    @Test
    void anIdThenEmailsThenNamesByTheirWords() {
        // "ada": the customer whose id is ada first; then the names with a word starting with ada, by name
        assertEquals(List.of("ada", "c-ada", "c-adam"), ids(TENANT, "q=ada"));
        // ids are exact; names and e-mails are not case-sensitive
        assertEquals(List.of("c-ada", "c-adam"), ids(TENANT, "q=ADA"));
        // an e-mail by its beginning, whatever the case stored or typed
        assertEquals(List.of("c-grace"), ids(TENANT, "q=grace@navy"));
        assertEquals(List.of("c-adam"), ids(TENANT, "q=adam.smith@"));
        assertEquals(List.of("c-ada"), ids(TENANT, "q=ada@example"));
        // every word must start a word of the name
        assertEquals(List.of("c-ada"), ids(TENANT, "q=ada love"));
        assertEquals(List.of("c-grace"), ids(TENANT, "q=hop"));
        assertEquals(List.of(), ids(TENANT, "q=ovelace"));
    }

    @Test
    void theListsFiltersApplyAndTypedSyntaxIsText() {
        assertEquals(List.of("c-ada"), ids(TENANT, "q=ada&segment=vip"));
        assertEquals(List.of("c-quote"), ids(TENANT,
                "q=" + java.net.URLEncoder.encode("o'brien & co", java.nio.charset.StandardCharsets.UTF_8)));
        assertEquals(List.of(),
                ids(TENANT, "q=" + java.net.URLEncoder.encode("!|:*", java.nio.charset.StandardCharsets.UTF_8)));
        assertEquals(List.of("ada"), ids(TENANT, "q=ada&limit=1"));
        assertEquals(List.of("c-ada"), ids(OTHER, "q=ada"));
    }

    @Test
    void aSearchIsOnePageAndItsTextIsChecked() {
        java.util.Map.of("q=a", "q", "q=ada&sort=ltv", "sort", "q=ada&cursor=x", "cursor").forEach((query,
                field) -> given().auth().oauth2(token(TENANT)).get("/v1/customers?" + query).then().statusCode(400)
                        .contentType("application/problem+json").body("errors[0].field", equalTo(field)));
    }

    // the query as it goes on the wire: REST Assured would encode a second time what is encoded here
    private static List<String> ids(String tenant, String query) {
        return given().urlEncodingEnabled(!query.contains("%")).auth().oauth2(token(tenant)).get("/v1/customers?"
                + query).then().statusCode(200).extract().jsonPath().getList("data.id");
    }

    private static String token(String tenant) {
        return OidcResource.token(tenant, "analytics:read");
    }
}
