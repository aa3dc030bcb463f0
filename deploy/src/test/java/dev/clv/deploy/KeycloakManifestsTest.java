package dev.clv.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Keycloak and the production realm: valid against the vendored CRDs, and nothing of the dev realm's demo in it. */
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
        assertTrue(realm.path("users").isMissingNode(), "no users: administrators create them");
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
            assertEquals("S256", client.path("attributes").path("pkce.code.challenge.method").asText(), id);
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
}
