package dev.clv.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The console's offline tokens against the real Keycloak of the stack: each of the dev realm's people, and a person
 * made through the admin API as the console's users page makes one, logs in as the console does (code flow with PKCE
 * S256, scope {@code offline_access}, back to the gateway's /app/callback) and the console's client gets an offline
 * refresh token, which a refresh_token grant later turns into an access token with the person's tenant, role and
 * scopes that the gateway accepts: what a scheduled report runs with while its owner is away. Without the realm role
 * offline_access there is no offline token, and a disabled person's token no longer works.
 */
@ExtendWith(SharedStack.class)
class OfflineTokensTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private static final String CONSOLE_SECRET = "clv-console-dev-secret";
    private static final Set<String> PLATFORM_SCOPES = Set.of("events:write", "analytics:read", "predictions:read",
            "models:write", "segments:read", "segments:write", "webhooks:write", "privacy:write", "admin");
    private static final Set<String> READ = Set.of("analytics:read", "predictions:read", "segments:read");
    private static final Pattern LOGIN_FORM = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*>");
    private static final Pattern ACTION = Pattern.compile("action=\"([^\"]+)\"");

    @Test
    void theRealmsPeopleGiveTheConsoleOfflineTokensThatRefreshToTheirOwnScopes() throws Exception {
        Stack stack = SharedStack.stack();
        Map<String, Set<String>> scopes = new LinkedHashMap<>();
        scopes.put("viewer", READ);
        scopes.put("analyst", union(READ, Set.of("events:write", "segments:write", "webhooks:write")));
        scopes.put("admin", PLATFORM_SCOPES);
        for (Map.Entry<String, Set<String>> person : scopes.entrySet()) {
            String user = person.getKey();
            JsonNode login = logIn(stack, user, user);
            String offline = login.path("refresh_token").asText();
            assertEquals("Offline", claims(offline).path("typ").asText(), user + ": " + claims(offline));
            assertTrue(words(login.path("scope")).contains("offline_access"), user + ": " + login.path("scope"));
            // later, the user away: the console's client alone turns the stored token into an access token
            JsonNode refreshed = refresh(stack, offline);
            assertEquals(200, refreshed.path("status").asInt(), user + ": " + refreshed);
            JsonNode access = claims(refreshed.path("access_token").asText());
            assertEquals("demo", access.path("tenant").asText(), user + ": " + access);
            assertEquals("clv-console", access.path("azp").asText(), user);
            assertTrue(access.path("aud").toString().contains("\"clv-platform\""), user + ": " + access.path("aud"));
            assertTrue(access.path("realm_access").path("roles").toString().contains("\"" + user + "\""), user
                    + ": " + access.path("realm_access"));
            Set<String> granted = words(access.path("scope"));
            granted.retainAll(PLATFORM_SCOPES);
            assertEquals(new TreeSet<>(person.getValue()), granted, user + ": " + access.path("scope"));
            assertEquals("Offline", claims(refreshed.path("refresh_token").asText()).path("typ").asText(), user);
            // and the platform takes it: a read through the gateway as the person
            HttpResponse<String> read = HTTP.send(HttpRequest.newBuilder(URI.create(stack.url("gateway")
                    + "/v1/segments")).header("Authorization", "Bearer " + refreshed.path("access_token").asText())
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, read.statusCode(), user + ": " + read.body());
        }
    }

    @Test
    void aPersonMadeThroughTheAdminApiHoldsOfflineAccessByTheRealmsDefaultRole() throws Exception {
        Stack stack = SharedStack.stack();
        RealmUsers realm = new RealmUsers(stack.url("keycloak"));
        long run = System.nanoTime();
        // made as the console's users page makes a person: the tenant attribute, then one console role
        String username = "offline-" + run;
        String password = "Offline-" + run;
        String id = realm.create(username, "demo");
        realm.setPassword(id, password);
        realm.grantRealmRole(id, "viewer");
        assertTrue(realm.realmRoles(id).contains("default-roles-clv"), realm.realmRoles(id).toString());
        JsonNode login = logIn(stack, username, password);
        String offline = login.path("refresh_token").asText();
        assertEquals("Offline", claims(offline).path("typ").asText(), claims(offline).toString());
        JsonNode refreshed = refresh(stack, offline);
        assertEquals(200, refreshed.path("status").asInt(), refreshed.toString());
        JsonNode access = claims(refreshed.path("access_token").asText());
        assertEquals("demo", access.path("tenant").asText(), access.toString());
        Set<String> granted = words(access.path("scope"));
        granted.retainAll(PLATFORM_SCOPES);
        assertEquals(new TreeSet<>(READ), granted, access.path("scope").toString());

        // disabled, their stored token no longer gives an access token
        realm.setEnabled(id, false);
        JsonNode refused = refresh(stack, offline);
        assertEquals(400, refused.path("status").asInt(), refused.toString());
        assertFalse(refused.has("access_token"), refused.toString());

        // without the realm role offline_access (the default role taken away), Keycloak issues no offline token
        String withoutName = "no-offline-" + run;
        String without = realm.create(withoutName, "demo");
        realm.setPassword(without, password);
        realm.grantRealmRole(without, "viewer");
        realm.revokeRealmRole(without, "default-roles-clv");
        JsonNode notAllowed = logIn(stack, withoutName, password);
        assertFalse(notAllowed.has("refresh_token") && "Offline".equals(claims(notAllowed.path("refresh_token")
                .asText()).path("typ").asText()), notAllowed.toString());
    }

    /**
     * Logs {@code user} in as the console does, without a browser: Keycloak's authorization endpoint with PKCE and
     * scope offline_access, its login form posted with the session cookies it set, the code read from the redirect
     * to the gateway's /app/callback (not followed), and exchanged at the token endpoint as clv-console. Answers the
     * token endpoint's JSON with its HTTP status as {@code status}, or the redirect's error when Keycloak refused.
     */
    private static JsonNode logIn(Stack stack, String user, String password) throws Exception {
        String keycloak = stack.url("keycloak") + "/realms/" + KeycloakServer.REALM + "/protocol/openid-connect";
        String redirect = stack.url("gateway") + "/app/callback";
        String verifier = random(48);
        String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance(
                "SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        String state = random(16);
        Map<String, String> cookies = new LinkedHashMap<>();
        HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(URI.create(keycloak + "/auth?" + form(Map.of(
                "client_id", KeycloakTokens.CONSOLE_CLIENT, "response_type", "code", "scope", "openid offline_access",
                "redirect_uri", redirect, "state", state, "nonce", random(16), "code_challenge", challenge,
                "code_challenge_method", "S256")))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode(), page.body());
        keep(page, cookies);
        Matcher formTag = LOGIN_FORM.matcher(page.body());
        assertTrue(formTag.find(), "Keycloak's login form: " + page.body());
        Matcher action = ACTION.matcher(formTag.group());
        assertTrue(action.find(), formTag.group());
        HttpResponse<String> posted = HTTP.send(HttpRequest.newBuilder(URI.create(action.group(1).replace("&amp;",
                "&"))).header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", cookies.entrySet()
                        .stream().map(c -> c.getKey() + "=" + c.getValue()).collect(Collectors.joining("; ")))
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("username", user, "password", password,
                        "credentialId", ""))))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(302, posted.statusCode(), user + ": " + posted.body());
        URI back = URI.create(posted.headers().firstValue("Location").orElseThrow());
        assertTrue(back.toString().startsWith(redirect + "?"), back.toString());
        Map<String, String> query = query(back.getRawQuery());
        assertEquals(state, query.get("state"));
        if (!query.containsKey("code")) {
            // refused at the authorization step: the redirect carries error and error_description instead
            return JSON.valueToTree(query);
        }
        return token(keycloak, Map.of("grant_type", "authorization_code", "code", query.get("code"), "redirect_uri",
                redirect, "code_verifier", verifier));
    }

    /** The refresh_token grant the console makes for a scheduled report: its client and secret, the stored token. */
    private static JsonNode refresh(Stack stack, String refreshToken) throws Exception {
        return token(stack.url("keycloak") + "/realms/" + KeycloakServer.REALM + "/protocol/openid-connect", Map.of(
                "grant_type", "refresh_token", "refresh_token", refreshToken));
    }

    private static JsonNode token(String keycloak, Map<String, String> fields) throws Exception {
        Map<String, String> all = new LinkedHashMap<>(fields);
        all.put("client_id", KeycloakTokens.CONSOLE_CLIENT);
        all.put("client_secret", CONSOLE_SECRET);
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(keycloak + "/token")).header(
                "Content-Type", "application/x-www-form-urlencoded").POST(
                        HttpRequest.BodyPublishers.ofString(form(
                                all)))
                .build(), HttpResponse.BodyHandlers.ofString());
        return ((ObjectNode) JSON.readTree(r.body())).put("status", r.statusCode());
    }

    /** A JWT's claims, read without checking its signature (Keycloak just issued it to this test). */
    private static JsonNode claims(String jwt) throws Exception {
        String[] parts = jwt.split("\\.");
        assertEquals(3, parts.length, jwt);
        return JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
    }

    private static Set<String> words(JsonNode scope) {
        return new TreeSet<>(List.of(scope.asText().split(" ")));
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    /** Keeps each cookie Keycloak sets (its login session), to send back with the form as a browser would. */
    private static void keep(HttpResponse<?> response, Map<String, String> cookies) {
        for (String header : response.headers().allValues("Set-Cookie")) {
            String pair = header.split(";", 2)[0];
            int eq = pair.indexOf('=');
            if (eq > 0) {
                cookies.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            out.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(),
                StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
