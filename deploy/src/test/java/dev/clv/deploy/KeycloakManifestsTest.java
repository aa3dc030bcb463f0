package dev.clv.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Keycloak and the production realm: valid against the vendored CRDs, nothing of the dev realm's demo in it, and the
 * web console's two clients (its logins, and its users page's service account, which may manage users and nothing
 * else) as the console (deploy/base/console.yaml and its application.properties) expects them.
 */
class KeycloakManifestsTest {
    private static final Path REPO = Path.of(System.getProperty("clv.repo.root"));
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z_]+)}");
    private static List<JsonNode> resources;
    private static JsonNode realm;

    @BeforeAll
    static void read() throws IOException {
        resources = CrdSchemas.documents(REPO.resolve("deploy/base/keycloak/keycloak.yaml"));
        realm = resources.get(1).path("spec").path("realm");
    }

    @Test
    void bothResourcesAreValidAgainstTheirCrds() throws IOException {
        CrdSchemas crds = new CrdSchemas(REPO.resolve("deploy/crds"));
        assertEquals(List.of("Keycloak", "KeycloakRealmImport"), resources.stream().map(r -> r.path("kind")
                .asText()).toList());
        for (JsonNode resource : resources) {
            assertEquals(List.of(), crds.problems(resource), resource.path("kind").asText());
        }
        assertEquals(resources.get(0).path("metadata").path("name").asText(), resources.get(1).path("spec")
                .path("keycloakCRName").asText());
    }

    @Test
    void theProductionRealmHasNoDemoUsersNoPasswordGrantAndNoSecret() {
        assertEquals("clv", realm.path("realm").asText(), "the issuer the services expect");
        // no people (administrators create them): only the service accounts of the realm's own clients, no password
        for (JsonNode user : realm.path("users")) {
            String owner = user.path("serviceAccountClientId").asText();
            assertTrue(user.path("username").asText().equals("service-account-" + owner), user.toString());
            assertTrue(user.path("credentials").isMissingNode(), user.toString());
            boolean serviceAccount = false;
            for (JsonNode client : realm.path("clients")) {
                serviceAccount |= client.path("clientId").asText().equals(owner) && client.path(
                        "serviceAccountsEnabled").asBoolean();
            }
            assertTrue(serviceAccount, owner + " has a service account");
        }
        assertTrue(realm.path("bruteForceProtected").asBoolean());
        assertTrue(Set.of("external", "all").contains(realm.path("sslRequired").asText()));
        Set<String> declared = new TreeSet<>();
        resources.get(1).path("spec").path("placeholders").fieldNames().forEachRemaining(declared::add);
        Set<String> used = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(realm.toString());
        while (m.find()) {
            used.add(m.group(1));
        }
        assertEquals(declared, used, "every placeholder comes from a secret, and every one declared is used");
        for (JsonNode client : realm.path("clients")) {
            String id = client.path("clientId").asText();
            assertFalse(client.path("directAccessGrantsEnabled").asBoolean(false), id + ": no password grant");
            assertFalse(client.path("implicitFlowEnabled").asBoolean(false), id);
            assertFalse(client.path("publicClient").asBoolean(false), id + " is confidential");
            assertTrue(PLACEHOLDER.matcher(client.path("secret").asText()).matches(),
                    id + ": its secret from a secret");
            // a client that takes logins (Keycloak's default when the field is absent) requires PKCE
            if (client.path("standardFlowEnabled").asBoolean(true)) {
                assertEquals("S256", client.path("attributes").path("pkce.code.challenge.method").asText(), id);
            }
            for (JsonNode uri : client.path("redirectUris")) {
                assertTrue(uri.asText().startsWith("${PUBLIC_URL}/"), id + ": " + uri);
            }
        }
    }

    @Test
    void thePlatformScopesAndWhoMayHaveThemAreTheDevRealms() throws IOException {
        JsonNode dev = new ObjectMapper().readTree(REPO.resolve(
                "devstack/src/main/resources/keycloak/clv-realm.json").toFile());
        assertEquals(dev.path("scopeMappings"), realm.path("scopeMappings"));
        assertEquals(dev.path("roles"), realm.path("roles"));
        List<JsonNode> devScopes = new ArrayList<>();
        dev.path("clientScopes").forEach(devScopes::add);
        List<JsonNode> prodScopes = new ArrayList<>();
        realm.path("clientScopes").forEach(s -> {
            if (!Set.of("tenant", "clv-audience").contains(s.path("name").asText())) {
                prodScopes.add(s);
            }
        });
        assertEquals(devScopes, prodScopes);
        // every client gets the tenant (from the user attribute, which only administrators edit) and the audience
        assertTrue(realm.path("defaultDefaultClientScopes").toString().contains("\"tenant\""));
        assertTrue(realm.path("defaultDefaultClientScopes").toString().contains("\"clv-audience\""));
        String profile = realm.path("components").path("org.keycloak.userprofile.UserProfileProvider").get(0)
                .path("config").path("kc.user.profile.config").get(0).asText();
        JsonNode tenant = null;
        for (JsonNode attribute : new ObjectMapper().readTree(profile).path("attributes")) {
            if (attribute.path("name").asText().equals("tenant")) {
                tenant = attribute;
            }
        }
        assertEquals("[\"admin\"]", tenant.path("permissions").path("edit").toString());
    }

    @Test
    void theConsoleClientIsTheOneTheConsoleLogsInWith() throws IOException {
        String properties = Files.readString(REPO.resolve("console/src/main/resources/application.properties"));
        JsonNode console = null;
        for (JsonNode c : realm.path("clients")) {
            if (c.path("clientId").asText().equals(property(properties, "quarkus.oidc.client-id").replaceAll(
                    "\\$\\{[A-Z_]+:([^}]*)}", "$1"))) {
                console = c;
            }
        }
        assertTrue(console != null, "the realm has the console's client");
        String id = console.path("clientId").asText();
        // confidential, code flow with PKCE, nothing else
        assertFalse(console.path("publicClient").asBoolean(true), id);
        assertTrue(console.path("standardFlowEnabled").asBoolean(), id);
        assertFalse(console.path("serviceAccountsEnabled").asBoolean(false), id);
        assertEquals("S256", console.path("attributes").path("pkce.code.challenge.method").asText(), id);
        assertEquals("true", property(properties, "quarkus.oidc.authentication.pkce-required"));
        // the exact redirects the console sends, on the public URL the gateway is reached at: never a pattern
        assertEquals("[\"${PUBLIC_URL}" + property(properties, "quarkus.oidc.authentication.redirect-path") + "\"]",
                console.path("redirectUris").toString());
        assertEquals("${PUBLIC_URL}" + property(properties, "quarkus.oidc.logout.post-logout-path"), console.path(
                "attributes").path("post.logout.redirect.uris").asText());
        assertEquals("[]", console.path("webOrigins").toString(), "no browser calls Keycloak's API");
        // the tenant claim (from the user attribute), the platform's audience, and the realm roles in the access token
        for (String scope : List.of("tenant", "clv-audience")) {
            assertTrue(console.path("defaultClientScopes").toString().contains("\"" + scope + "\""), scope);
        }
        assertEquals("realm_access/roles", property(properties, "quarkus.oidc.roles.role-claim-path"));
        JsonNode roles = null;
        for (JsonNode mapper : console.path("protocolMappers")) {
            if (mapper.path("protocolMapper").asText().equals("oidc-usermodel-realm-role-mapper")) {
                roles = mapper.path("config");
            }
        }
        assertEquals("realm_access.roles", roles.path("claim.name").asText());
        assertEquals("true", roles.path("access.token.claim").asText());
        // its roles exist and reach its tokens (fullScopeAllowed off: only the scope-mapped roles do)
        Set<String> realmRoles = new TreeSet<>();
        realm.path("roles").path("realm").forEach(r -> realmRoles.add(r.path("name").asText()));
        assertTrue(realmRoles.containsAll(Set.of("viewer", "analyst", "admin")), realmRoles.toString());
        Set<String> mapped = new TreeSet<>();
        for (JsonNode m : realm.path("scopeMappings")) {
            if (m.path("client").asText().equals(id)) {
                m.path("roles").forEach(r -> mapped.add(r.asText()));
            }
        }
        assertEquals(Set.of("viewer", "analyst", "admin"), mapped);
        // the console's Deployment sends the secret the realm import puts into the client
        String placeholder = console.path("secret").asText().replaceAll("^\\$\\{(.*)}$", "$1");
        JsonNode realmSecret = resources.get(1).path("spec").path("placeholders").path(placeholder).path("secret");
        JsonNode env = null;
        for (JsonNode doc : CrdSchemas.documents(REPO.resolve("deploy/base/console.yaml"))) {
            if (doc.path("kind").asText().equals("Deployment")) {
                env = doc.path("spec").path("template").path("spec").path("containers").get(0).path("env");
            }
        }
        assertEquals(id, value(env, "CONSOLE_CLIENT_ID").path("value").asText());
        assertEquals(realmSecret, value(env, "CONSOLE_CLIENT_SECRET").path("valueFrom").path("secretKeyRef"));
    }

    @Test
    void theConsoleMayKeepAnOfflineTokenOfEveryUser() throws IOException {
        // the console asks for offline_access at login (its scheduled reports run as their owners while they are
        // away); Keycloak refuses a scope the client lacks, and issues an offline token only to a user who holds the
        // realm role offline_access, through a role the client's tokens may carry (fullScopeAllowed is off)
        String properties = Files.readString(REPO.resolve("console/src/main/resources/application.properties"));
        Set<String> asked = new TreeSet<>(List.of(property(properties, "quarkus.oidc.authentication.scopes").split(
                "[ ,]+")));
        assertTrue(asked.contains("offline_access"), asked.toString());
        JsonNode dev = new ObjectMapper().readTree(REPO.resolve(
                "devstack/src/main/resources/keycloak/clv-realm.json").toFile());
        for (JsonNode r : List.of(realm, dev)) {
            String which = r == dev ? "dev realm" : "production realm";
            JsonNode console = client(r, "clv-console");
            Set<String> scopes = texts(console.path("defaultClientScopes"));
            scopes.addAll(texts(console.path("optionalClientScopes")));
            Set<String> declared = new TreeSet<>();
            r.path("clientScopes").forEach(c -> declared.add(c.path("name").asText()));
            for (String scope : asked) {
                assertTrue(scopes.contains(scope) && declared.contains(scope), which + ": clv-console may ask for "
                        + scope);
            }
            // the role reaches the console's tokens through the scope offline_access (or the client itself)
            Set<String> reaching = new TreeSet<>();
            for (JsonNode m : r.path("scopeMappings")) {
                if (m.path("client").asText().equals("clv-console") || scopes.contains(m.path("clientScope")
                        .asText())) {
                    reaching.addAll(texts(m.path("roles")));
                }
            }
            assertTrue(reaching.contains("offline_access"), which + ": " + reaching);
            // every user holds it: the realm's default role (which Keycloak gives every user it creates, the console's
            // users page's too) is named and grants it; the role itself grants nothing else
            String defaultRole = r.path("defaultRole").path("name").asText();
            assertEquals("default-roles-clv", defaultRole, which);
            JsonNode offline = null;
            JsonNode byDefault = null;
            for (JsonNode role : r.path("roles").path("realm")) {
                if (role.path("name").asText().equals("offline_access")) {
                    offline = role;
                } else if (role.path("name").asText().equals(defaultRole)) {
                    byDefault = role;
                }
            }
            assertTrue(offline != null && !offline.path("composite").asBoolean(false), which + ": " + offline);
            assertTrue(byDefault != null && byDefault.path("composite").asBoolean(), which + ": " + byDefault);
            assertTrue(texts(byDefault.path("composites").path("realm")).contains("offline_access"), which);
            // no role that a platform scope is mapped to is a composite: Keycloak expands composites on both sides
            // of the client-scope role check (keycloak#35295), so a console role made to include offline_access
            // would hand every holder of offline_access (every user) that role's scopes
            Set<String> composites = new TreeSet<>();
            r.path("roles").path("realm").forEach(role -> {
                if (role.path("composite").asBoolean(false)) {
                    composites.add(role.path("name").asText());
                }
            });
            for (JsonNode m : r.path("scopeMappings")) {
                for (JsonNode role : m.path("roles")) {
                    assertFalse(composites.contains(role.asText()), which + ": " + m);
                }
            }
            // a monthly report uses its token every 28 to 31 days, and an unused offline token ends after this idle
            assertTrue(r.path("offlineSessionIdleTimeout").asLong() > 31L * 24 * 3600 + 24 * 3600, which
                    + ": offlineSessionIdleTimeout " + r.path("offlineSessionIdleTimeout"));
        }
        // the dev realm's people were imported, which gives no default role: each holds it by name
        for (JsonNode user : dev.path("users")) {
            if (user.path("serviceAccountClientId").isMissingNode()) {
                assertTrue(texts(user.path("realmRoles")).contains("default-roles-clv"), user.path("username")
                        .asText());
            }
        }
        assertEquals(dev.path("defaultRole"), realm.path("defaultRole"));
        assertEquals(dev.path("offlineSessionIdleTimeout"), realm.path("offlineSessionIdleTimeout"));
    }

    @Test
    void theUsersPagesClientMayManageUsersAndNothingElse() throws IOException {
        String properties = Files.readString(REPO.resolve("console/src/main/resources/application.properties"));
        String id = property(properties, "quarkus.keycloak.admin-client.client-id");
        assertEquals("CLIENT_CREDENTIALS", property(properties, "quarkus.keycloak.admin-client.grant-type"));
        assertEquals(realm.path("realm").asText(), property(properties, "quarkus.keycloak.admin-client.realm"));
        JsonNode client = client(realm, id);
        // a service account and nothing else: no login, no password grant, no redirect, not public
        assertFalse(client.path("publicClient").asBoolean(true), id);
        assertTrue(client.path("serviceAccountsEnabled").asBoolean(), id);
        assertFalse(client.path("standardFlowEnabled").asBoolean(true), id + ": Keycloak's default is on");
        assertFalse(client.path("directAccessGrantsEnabled").asBoolean(true), id);
        assertFalse(client.path("implicitFlowEnabled").asBoolean(true), id);
        assertEquals("[]", client.path("redirectUris").toString(), id);
        assertFalse(client.path("fullScopeAllowed").asBoolean(true), id + ": only its scope-mapped roles in tokens");
        // no tenant and no platform audience: its token is refused by the platform's API
        assertEquals("[\"basic\"]", client.path("defaultClientScopes").toString(), id);
        // its service account holds exactly the user roles of realm-management, and only those reach its token
        Set<String> userRoles = Set.of("query-users", "view-users", "manage-users");
        JsonNode account = null;
        for (JsonNode user : realm.path("users")) {
            if (user.path("serviceAccountClientId").asText().equals(id)) {
                account = user;
            }
        }
        assertTrue(account != null, id + "'s service account is imported with its roles");
        assertTrue(account.path("realmRoles").isMissingNode(), account.toString());
        assertEquals(List.of("realm-management"), names(account.path("clientRoles")));
        assertEquals(userRoles, texts(account.path("clientRoles").path("realm-management")));
        assertEquals(List.of("realm-management"), names(realm.path("clientScopeMappings")));
        JsonNode mappings = realm.path("clientScopeMappings").path("realm-management");
        assertEquals(1, mappings.size());
        assertEquals(id, mappings.get(0).path("client").asText());
        assertEquals(userRoles, texts(mappings.get(0).path("roles")));
        for (JsonNode m : realm.path("scopeMappings")) {
            assertFalse(m.path("client").asText().equals(id), "no realm role reaches " + id + "'s token");
        }
        // Keycloak keeps every change made through its admin API, with the representation
        JsonNode dev = new ObjectMapper().readTree(REPO.resolve(
                "devstack/src/main/resources/keycloak/clv-realm.json").toFile());
        for (JsonNode r : List.of(realm, dev)) {
            assertTrue(r.path("adminEventsEnabled").asBoolean() && r.path("adminEventsDetailsEnabled").asBoolean());
        }
        // the dev realm's client is this one, its secret aside
        ObjectNode devClient = client(dev, id).deepCopy();
        ObjectNode prodClient = client.deepCopy();
        devClient.remove("secret");
        prodClient.remove("secret");
        assertEquals(prodClient, devClient);
        // the console's Deployment sends the secret the realm import puts into the client, and calls Keycloak at
        // the hostname Keycloak serves
        String placeholder = client.path("secret").asText().replaceAll("^\\$\\{(.*)}$", "$1");
        JsonNode realmSecret = resources.get(1).path("spec").path("placeholders").path(placeholder).path("secret");
        JsonNode env = consoleEnv();
        assertEquals(realmSecret, value(env, "CONSOLE_USERS_CLIENT_SECRET").path("valueFrom").path("secretKeyRef"));
        assertTrue(property(properties, "quarkus.keycloak.admin-client.client-secret").startsWith(
                "${CONSOLE_USERS_CLIENT_SECRET:"));
        assertTrue(property(properties, "quarkus.keycloak.admin-client.server-url").startsWith("${KEYCLOAK_URL:"));
        assertEquals(resources.get(0).path("spec").path("hostname").path("hostname").asText(), value(env,
                "KEYCLOAK_URL").path("value").asText());
    }

    @Test
    void theDevOverlaysPublicUrlIsTheGatewaysHost() throws IOException {
        String host = null;
        for (JsonNode doc : CrdSchemas.documents(REPO.resolve("deploy/base/ingress/ingress.yaml"))) {
            if (doc.path("kind").asText().equals("Ingress") && doc.toString().contains("\"name\":\"gateway\"")) {
                host = doc.path("spec").path("rules").get(0).path("host").asText();
            }
        }
        JsonNode placeholder = resources.get(1).path("spec").path("placeholders").path("PUBLIC_URL").path("secret");
        for (ObjectNode o : Kustomize.render(REPO.resolve("deploy/overlays/dev"))) {
            if (o.path("kind").asText().equals("Secret") && o.path("metadata").path("name").equals(placeholder.path(
                    "name"))) {
                String url = new String(Base64.getDecoder().decode(o.path("data").path(placeholder.path(
                        "key").asText()).asText()), StandardCharsets.UTF_8);
                assertEquals("https://" + host, url, "the console's redirects are https://<the gateway's host>/app/");
                return;
            }
        }
        throw new AssertionError("the dev overlay generates no " + placeholder);
    }

    private static JsonNode client(JsonNode realm, String clientId) {
        for (JsonNode c : realm.path("clients")) {
            if (c.path("clientId").asText().equals(clientId)) {
                return c;
            }
        }
        throw new AssertionError("the realm has no client " + clientId);
    }

    private static JsonNode consoleEnv() throws IOException {
        for (JsonNode doc : CrdSchemas.documents(REPO.resolve("deploy/base/console.yaml"))) {
            if (doc.path("kind").asText().equals("Deployment")) {
                return doc.path("spec").path("template").path("spec").path("containers").get(0).path("env");
            }
        }
        throw new AssertionError("console.yaml has no Deployment");
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Set<String> texts(JsonNode array) {
        Set<String> texts = new TreeSet<>();
        array.forEach(t -> texts.add(t.asText()));
        return texts;
    }

    private static String property(String properties, String key) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(key) + "=(.*)$").matcher(properties);
        assertTrue(m.find(), key);
        return m.group(1).trim();
    }

    private static JsonNode value(JsonNode env, String name) {
        for (JsonNode e : env) {
            if (e.path("name").asText().equals(name)) {
                return e;
            }
        }
        throw new AssertionError("no " + name);
    }
}
