package dev.clv.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The realm's users as Keycloak's admin API shows them to its master administrator: the console tests' own view of
 * Keycloak, independent of the console's narrowly scoped client.
 */
final class RealmUsers {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final String api;

    RealmUsers(String keycloakUrl) {
        this.base = keycloakUrl;
        this.api = keycloakUrl + "/admin/realms/" + KeycloakServer.REALM;
    }

    /** The usernames of every person whose attribute tenant is exactly {@code tenant}, read from the whole realm. */
    TreeSet<String> usernamesOf(String tenant) throws Exception {
        TreeSet<String> names = new TreeSet<>();
        for (JsonNode u : get("/users?briefRepresentation=false&first=0&max=100000")) {
            if (u.path("attributes").path("tenant").toString().equals("[\"" + tenant + "\"]")) {
                names.add(u.path("username").asText());
            }
        }
        return names;
    }

    /** The user of this username, whole (attributes, required actions, enabled). */
    JsonNode user(String username) throws Exception {
        JsonNode found = get("/users?exact=true&briefRepresentation=false&username=" + URLEncoder.encode(username,
                StandardCharsets.UTF_8));
        assertEquals(1, found.size(), username);
        return found.get(0);
    }

    JsonNode userById(String id) throws Exception {
        return get("/users/" + id);
    }

    /** The realm roles mapped to the user directly. */
    List<String> realmRoles(String id) throws Exception {
        List<String> roles = new ArrayList<>();
        get("/users/" + id + "/role-mappings/realm").forEach(r -> roles.add(r.path("name").asText()));
        return roles;
    }

    /** Creates a person of {@code tenant} (no password: nobody logs in as them) and answers their id. */
    String create(String username, String tenant) throws Exception {
        HttpResponse<String> r = send("POST", "/users", JSON.writeValueAsString(Map.of("username", username,
                "enabled", true, "email", username + "@example.com", "attributes", Map.of("tenant", List.of(
                        tenant)))));
        assertEquals(201, r.statusCode(), r.body());
        String location = r.headers().firstValue("Location").orElseThrow();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    /** Gives the user a password they keep (no required action), so that a test can log in as them. */
    void setPassword(String id, String password) throws Exception {
        HttpResponse<String> r = send("PUT", "/users/" + id + "/reset-password", JSON.writeValueAsString(Map.of(
                "type", "password", "value", password, "temporary", false)));
        assertEquals(204, r.statusCode(), r.body());
    }

    /** Maps the realm role to the user, as the console's users page does with a console role. */
    void grantRealmRole(String id, String role) throws Exception {
        HttpResponse<String> r = send("POST", "/users/" + id + "/role-mappings/realm", "[" + get("/roles/" + role)
                + "]");
        assertEquals(204, r.statusCode(), r.body());
    }

    /** Takes the realm role mapped to the user away. */
    void revokeRealmRole(String id, String role) throws Exception {
        HttpResponse<String> r = send("DELETE", "/users/" + id + "/role-mappings/realm", "[" + get("/roles/" + role)
                + "]");
        assertEquals(204, r.statusCode(), r.body());
    }

    /** Enables or disables the user (their whole representation sent back, as the console's users page does). */
    void setEnabled(String id, boolean enabled) throws Exception {
        ObjectNode user = (ObjectNode) userById(id);
        user.put("enabled", enabled);
        HttpResponse<String> r = send("PUT", "/users/" + id, JSON.writeValueAsString(user));
        assertEquals(204, r.statusCode(), r.body());
    }

    /** The internal id of a client, as admin events name their author's client. */
    String clientUuid(String clientId) throws Exception {
        return get("/clients?clientId=" + clientId).get(0).path("id").asText();
    }

    /** The realm's admin events, newest first (Keycloak keeps them when the realm's adminEventsEnabled is on). */
    JsonNode adminEvents() throws Exception {
        return get("/admin-events?first=0&max=1000");
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> r = send("GET", path, null);
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return JSON.readTree(r.body());
    }

    private HttpResponse<String> send(String method, String path, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api + path)).header("Authorization",
                "Bearer " + adminToken());
        request = json == null
                ? request.method(method, HttpRequest.BodyPublishers.noBody())
                : request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers
                        .ofString(json));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String adminToken() throws Exception {
        String form = "grant_type=password&client_id=admin-cli&username=" + KeycloakServer.ADMIN_USER + "&password="
                + KeycloakServer.ADMIN_PASSWORD;
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base
                + "/realms/master/protocol/openid-connect/token")).header("Content-Type",
                        "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body()).path("access_token").asText();
    }
}
