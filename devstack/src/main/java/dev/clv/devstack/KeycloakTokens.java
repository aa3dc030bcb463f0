package dev.clv.devstack;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Bearer tokens from the local Keycloak: the demo tenant's client-credentials client, or a client per extra
 * tenant, created on first use through the admin API with the tenant as a hard-coded claim and every scope; a
 * tenant's client for a quota tier ({@code tenant-NAME-tier-TIER}) hard-codes the {@code tier} claim as well.
 */
final class KeycloakTokens {
    static final String DEMO_CLIENT = "clv-demo";
    static final String DEMO_SECRET = "clv-demo-secret";
    static final String CONSOLE_CLIENT = "clv-console";
    /** The dev realm's secret of the console's users-page client (clv-realm.json). */
    static final String CONSOLE_USERS_SECRET = "clv-console-users-dev-secret";
    private static final Pattern TENANT = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
    private static final Pattern TIER = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");
    private static final List<String> SCOPES = List.of("events:write", "analytics:read", "predictions:read",
            "models:write", "segments:read", "segments:write", "webhooks:write", "privacy:write", "admin");

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final String baseUrl;

    KeycloakTokens(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    String demoToken() {
        return clientCredentials(DEMO_CLIENT, DEMO_SECRET);
    }

    String tenantToken(String tenant) {
        return tenantToken(tenant, null);
    }

    /**
     * A token of {@code tenant}'s client; with a {@code tier} (the gateway's quota tier: free, pro, enterprise) a
     * client of its own whose tokens also carry the claim {@code tier}, which the gateway reads before any default.
     */
    String tenantToken(String tenant, String tier) {
        if (!TENANT.matcher(tenant).matches()) {
            throw new IllegalArgumentException("a tenant name is lower-case letters, digits, '-' or '_' (max 63)");
        }
        if (tier != null && !TIER.matcher(tier).matches()) {
            throw new IllegalArgumentException("a tier name is lower-case letters, digits, '-' or '_' (max 32)");
        }
        if ("demo".equals(tenant) && tier == null) {
            return demoToken();
        }
        String admin = adminToken();
        String api = baseUrl + "/admin/realms/" + KeycloakServer.REALM;
        String clientId = "tenant-" + tenant + (tier == null ? "" : "-tier-" + tier);
        JsonNode found = call("GET", api + "/clients?clientId=" + clientId, admin, null);
        if (found.isEmpty()) {
            List<Map<String, Object>> mappers = new java.util.ArrayList<>(List.of(
                    mapper("tenant", "oidc-hardcoded-claim-mapper", Map.of("claim.name", "tenant",
                            "claim.value", tenant, "jsonType.label", "String", "access.token.claim", "true")),
                    mapper("audience", "oidc-audience-mapper", Map.of("included.custom.audience",
                            "clv-platform", "access.token.claim", "true"))));
            if (tier != null) {
                mappers.add(mapper("tier", "oidc-hardcoded-claim-mapper", Map.of("claim.name", "tier",
                        "claim.value", tier, "jsonType.label", "String", "access.token.claim", "true")));
            }
            Map<String, Object> client = Map.of("clientId", clientId, "enabled", true, "publicClient", false,
                    "serviceAccountsEnabled", true, "standardFlowEnabled", false, "fullScopeAllowed", false,
                    "defaultClientScopes", concat("basic", SCOPES), "protocolMappers", mappers);
            call("POST", api + "/clients", admin, client);
            found = call("GET", api + "/clients?clientId=" + clientId, admin, null);
            String id = found.get(0).get("id").asText();
            String user = call("GET", api + "/clients/" + id + "/service-account-user", admin, null).get("id").asText();
            JsonNode roles = json.createArrayNode().add(call("GET", api + "/roles/reader", admin, null))
                    .add(call("GET", api + "/roles/platform-admin", admin, null));
            call("POST", api + "/users/" + user + "/role-mappings/realm", admin, roles);
        }
        String id = found.get(0).get("id").asText();
        String secret = call("GET", api + "/clients/" + id + "/client-secret", admin, null).get("value").asText();
        return clientCredentials(clientId, secret);
    }

    /**
     * Points the console client's login and logout redirects at {@code publicBase} (the gateway as the browser
     * reaches it): exactly {@code publicBase/app/callback} and {@code publicBase/app/}.
     */
    void consoleRedirects(String publicBase) {
        String admin = adminToken();
        String api = baseUrl + "/admin/realms/" + KeycloakServer.REALM + "/clients";
        JsonNode found = call("GET", api + "?clientId=" + CONSOLE_CLIENT, admin, null);
        if (found.isEmpty()) {
            throw new IllegalStateException("the realm has no client " + CONSOLE_CLIENT);
        }
        com.fasterxml.jackson.databind.node.ObjectNode client = (com.fasterxml.jackson.databind.node.ObjectNode) found
                .get(0);
        client.set("redirectUris", json.createArrayNode().add(publicBase + "/app/callback"));
        ((com.fasterxml.jackson.databind.node.ObjectNode) client.path("attributes")).put("post.logout.redirect.uris",
                publicBase + "/app/");
        call("PUT", api + "/" + client.get("id").asText(), admin, client);
    }

    private String adminToken() {
        return form(baseUrl + "/realms/master/protocol/openid-connect/token", Map.of("grant_type", "password",
                "client_id", "admin-cli", "username", KeycloakServer.ADMIN_USER, "password",
                KeycloakServer.ADMIN_PASSWORD)).get("access_token").asText();
    }

    private String clientCredentials(String clientId, String secret) {
        return form(baseUrl + "/realms/" + KeycloakServer.REALM + "/protocol/openid-connect/token",
                Map.of("grant_type", "client_credentials", "client_id", clientId, "client_secret", secret))
                .get("access_token").asText();
    }

    private static Map<String, Object> mapper(String name, String type, Map<String, String> config) {
        return Map.of("name", name, "protocol", "openid-connect", "protocolMapper", type, "config", config);
    }

    private static List<String> concat(String first, List<String> rest) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(first), rest.stream()).toList();
    }

    private JsonNode form(String url, Map<String, String> fields) {
        String body = fields.entrySet().stream().map(e -> e.getKey() + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private JsonNode call(String method, String url, String token, Object body) {
        try {
            HttpRequest.BodyPublisher publisher = body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body));
            return send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json").method(method, publisher).build());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode send(HttpRequest request) {
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException(request.method() + " " + request.uri() + " answered "
                        + response.statusCode() + ": " + new String(response.body(), StandardCharsets.UTF_8));
            }
            return response.body().length == 0 ? json.createObjectNode() : json.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("Keycloak did not answer " + request.uri() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
