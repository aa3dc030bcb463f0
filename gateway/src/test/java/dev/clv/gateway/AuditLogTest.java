package dev.clv.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.clv.testsupport.OidcResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * The audit log over real HTTP and PostgreSQL: which calls become entries, with which actor, action, target and
 * status; that no body, token or key is ever stored; and that a tenant's admin sees only the tenant's entries.
 */
@QuarkusTest
@WithGatewayInfrastructure
class AuditLogTest {
    private final DataSource db;

    AuditLogTest(DataSource db) {
        this.db = db;
    }

    private static String token(String tenant, String sub, String claim, String name, String... scopes) {
        return OidcResource.issuer().forged(tenant, c -> {
            c.setSubject(sub);
            c.setClaim(claim, name);
        }, jws -> {
        }, scopes);
    }

    @Test
    void writesAndAdminCallsAreEntriesWithTheirActorActionTargetAndStatusAndReadsAreNot() throws Exception {
        String tenant = "audit-" + System.nanoTime();
        String writer = token(tenant, "user-123", "preferred_username", "alice", "segments:write", "events:write",
                "analytics:read", "segments:read", "privacy:write");
        String admin = token(tenant, "admin-9", "name", "Bob Admin", "admin");
        String body = "{\"name\":\"BODY-SECRET-segment\"}";

        given().auth().oauth2(writer).header("X-Request-Id", "audit-req-1").contentType(ContentType.JSON).body(body)
                .post("/v1/segments?token=URL-SECRET").then().statusCode(200);
        given().auth().oauth2(writer).get("/v1/segments").then().statusCode(200);
        given().auth().oauth2(writer).get("/v0/pipes/customer_ltv.json").then().statusCode(200);
        // a privacy call is on record even when it only reads
        given().auth().oauth2(writer).get("/v1/privacy/requests?status=pending").then().statusCode(200);
        given().auth().oauth2(writer).delete("/v1/segments/seg-42?echo_status=404").then().statusCode(404);
        JsonPath created = given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("name", "etl", "scopes", List.of("events:write"))).post("/v1/api-keys").then()
                .statusCode(201).extract().jsonPath();
        String key = created.getString("key");
        String keyId = created.getString("id");
        given().auth().oauth2(admin).get("/v1/api-keys").then().statusCode(200);
        given().header("X-API-Key", key).body("{\"id\":\"BODY-SECRET-row\"}\n").post("/v1/events?name=customers")
                .then().statusCode(200);
        given().header("X-API-Key", key).contentType(ContentType.JSON).body(body).post("/v1/segments").then()
                .statusCode(403);
        // seed 000's token in the URL, on a write: the token is the credential and must be stored nowhere
        given().body("{\"id\":\"BODY-SECRET-legacy\"}\n").post("/v0/events?name=customers&token=" + writer)
                .then().statusCode(200);
        given().auth().oauth2(admin).delete("/v1/api-keys/" + keyId).then().statusCode(204);

        List<List<Object>> expected = List.of(
                List.of("user-123", "alice", "POST /v1/segments", "/v1/segments", 200),
                List.of("user-123", "alice", "GET /v1/privacy", "/v1/privacy/requests", 200),
                List.of("user-123", "alice", "DELETE /v1/segments", "/v1/segments/seg-42", 404),
                List.of("admin-9", "Bob Admin", "POST /v1/api-keys", "/v1/api-keys", 201),
                List.of("admin-9", "Bob Admin", "GET /v1/api-keys", "/v1/api-keys", 200),
                Arrays.asList("api-key:" + keyId, null, "POST /v1/events", "/v1/events", 200),
                Arrays.asList("api-key:" + keyId, null, "POST /v1/segments", "/v1/segments", 403),
                List.of("user-123", "alice", "POST /v0/events", "/v0/events", 200),
                List.of("admin-9", "Bob Admin", "DELETE /v1/api-keys", "/v1/api-keys/" + keyId, 204));
        List<Map<String, Object>> rows = Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> AuditRows.rows(db, tenant), r -> r.size() >= expected.size());
        assertEquals(expected.size(), rows.size(), rows.toString());
        for (int i = 0; i < rows.size(); i++) {
            Map<String, Object> row = rows.get(i);
            assertEquals(expected.get(i), Arrays.asList(row.get("actor_sub"), row.get("actor_name"),
                    row.get("action"), row.get("target"), row.get("result")), "entry " + (i + 1));
            assertEquals(i + 1L, row.get("seq"));
            assertTrue(((String) row.get("client_ip")).matches("127\\.0\\.0\\.1|0:0:0:0:0:0:0:1"), row.toString());
        }
        assertEquals("audit-req-1", rows.get(0).get("request_id"));
        assertTrue(rows.stream().allMatch(r -> r.get("request_id") != null));
        AuditRows.assertChained(db, tenant);

        // nothing a client sent as a secret is in any column
        String stored = AuditRows.query(db, "SELECT string_agg(a::text, ' ') AS t FROM gateway.audit_log a "
                + "WHERE tenant = ?", tenant).get(0).get("t").toString();
        for (String secret : List.of("BODY-SECRET", "URL-SECRET", "token=", key, key.substring(4), writer,
                writer.substring(writer.lastIndexOf('.') + 1), admin.substring(admin.lastIndexOf('.') + 1))) {
            assertFalse(stored.contains(secret), "stored: " + secret);
        }

        // the API: newest first, a keyset cursor, filters
        JsonPath page = given().auth().oauth2(admin).get("/v1/audit?limit=3").then().statusCode(200).extract()
                .jsonPath();
        assertEquals(List.of(9, 8, 7), page.getList("entries.seq"));
        assertEquals("DELETE /v1/api-keys", page.getString("entries[0].action"));
        assertEquals(64, page.getString("entries[0].hash").length());
        JsonPath next = given().auth().oauth2(admin).get("/v1/audit?limit=3&cursor=" + page.getString("next_cursor"))
                .then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(6, 5, 4), next.getList("entries.seq"));
        given().auth().oauth2(admin).queryParam("actor", "alice").get("/v1/audit").then().statusCode(200)
                .body("entries.seq", equalTo(List.of(8, 3, 2, 1)));
        given().auth().oauth2(admin).queryParam("actor", "api-key:" + keyId).queryParam("action", "POST /v1/segments")
                .get("/v1/audit").then()
                .statusCode(200).body("entries.seq", equalTo(List.of(7))).body("next_cursor", equalTo(null));
        given().auth().oauth2(admin).get("/v1/audit?to=2000-01-01T00:00:00Z").then().statusCode(200)
                .body("entries.size()", equalTo(0));
        given().auth().oauth2(admin).get("/v1/audit?from=yesterday").then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void aTenantsAdminSeesOnlyTheTenantsEntriesAndKeysAndReadersCannotReadThem() throws Exception {
        String mine = "audit-a-" + System.nanoTime();
        String theirs = "audit-b-" + System.nanoTime();
        given().auth().oauth2(OidcResource.token(mine, "segments:write")).header("X-Request-Id", "mine-1")
                .contentType(ContentType.JSON).body("{}").post("/v1/segments").then().statusCode(200);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> AuditRows.rows(db, mine).size() == 1);

        String other = OidcResource.token(theirs, "admin");
        JsonPath page = given().auth().oauth2(other).get("/v1/audit?tenant_id=" + mine).then().statusCode(200)
                .extract().jsonPath();
        assertFalse(page.getList("entries.request_id").contains("mine-1"));
        assertTrue(page.getList("entries.action").stream().allMatch(a -> a.equals("GET /v1/audit")));
        given().auth().oauth2(other).get("/v1/audit/verify").then().statusCode(200).body("valid", equalTo(true));
        given().auth().oauth2(OidcResource.token(mine, "admin")).get("/v1/audit").then().statusCode(200)
                .body("entries.request_id", equalTo(List.of("mine-1")));

        given().auth().oauth2(OidcResource.token(mine, "segments:write", "analytics:read")).get("/v1/audit")
                .then().statusCode(403);
        given().get("/v1/audit").then().statusCode(401);
        // the refused reader is itself on record: an admin-scope call, refused
        List<Map<String, Object>> rows = Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> AuditRows.rows(db, mine), r -> r.stream().anyMatch(x -> x.get("result").equals(403)));
        assertEquals("GET /v1/audit", rows.get(rows.size() - 1).get("action"));
        assertNull(rows.get(0).get("actor_name"));
    }
}
