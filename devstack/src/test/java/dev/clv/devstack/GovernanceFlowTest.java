package dev.clv.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Governance through the gateway, as a person: the dashboard's admin user sets the tenant's retention policy, a
 * wrong one is refused naming the field, and the audit log lists both calls under the user's name.
 */
@ExtendWith(SharedStack.class)
class GovernanceFlowTest {

    @Test
    void anAdminSetsRetentionAndTheAuditLogNamesThem() throws Exception {
        Stack stack = SharedStack.stack();
        SeedClient admin = new SeedClient(stack.url("gateway"), userToken(stack, "admin"));
        HttpResponse<String> set = admin.putJson("/v1/admin/retention", "{\"days\":{\"quarantine\":14,\"events\":"
                + "null}}");
        assertEquals(200, set.statusCode(), set.body());
        JsonNode days = SeedClient.JSON.readTree(admin.get("/v1/admin/retention").body()).get("days");
        assertEquals(14, days.get("quarantine").asInt());
        assertEquals(true, days.get("events").isNull(), days.toString());
        assertEquals(30, days.get("dead_letters").asInt(), days.toString());
        HttpResponse<String> wrong = admin.putJson("/v1/admin/retention", "{\"days\":{\"quarantine\":-1}}");
        assertEquals(400, wrong.statusCode(), wrong.body());
        assertEquals("days.quarantine", SeedClient.JSON.readTree(wrong.body()).at("/errors/0/field").asText());
        // an analyst may not
        SeedClient analyst = new SeedClient(stack.url("gateway"), userToken(stack, "analyst"));
        assertEquals(403, analyst.get("/v1/admin/retention").statusCode());

        JsonNode entries = admin.await("/v1/audit?action=" + URLEncoder.encode("PUT /v1/admin/retention",
                StandardCharsets.UTF_8), a -> a.get("entries").size() >= 2, 30).get("entries");
        // newest first: the refused call, then the accepted one, both under the user's name
        assertEquals(400, entries.get(0).get("result").asInt(), entries.toString());
        assertEquals(200, entries.get(1).get("result").asInt(), entries.toString());
        for (JsonNode entry : entries) {
            assertEquals("admin", entry.get("actor_name").asText(), entry.toString());
            assertEquals("/v1/admin/retention", entry.get("target").asText(), entry.toString());
        }
    }

    private static String userToken(Stack stack, String user) throws Exception {
        String form = "grant_type=password&client_id=clv-dashboard&username=" + user + "&password="
                + URLEncoder.encode(user, StandardCharsets.UTF_8);
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                stack.url("keycloak") + "/realms/clv/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return SeedClient.JSON.readTree(response.body()).get("access_token").asText();
    }
}
