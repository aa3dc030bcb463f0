package dev.clv.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** The CloudNativePG manifests: valid against the vendored CRDs, and the roles, schemas and URLs the services use. */
class PostgresManifestsTest {
    private static final Path REPO = Path.of(System.getProperty("clv.repo.root"));
    private static final Path BASE = REPO.resolve("deploy/base");
    /** Every service's schema, the web console's too (its scheduled reports). */
    private static final List<String> SCHEMAS = List.of("ingestion", "analytics", "prediction", "segmentation",
            "gateway", "console");
    private static CrdSchemas crds;
    private static List<JsonNode> resources;

    @BeforeAll
    static void read() throws IOException {
        crds = new CrdSchemas(REPO.resolve("deploy/crds"));
        resources = CrdSchemas.documents(BASE.resolve("postgres/cluster.yaml"));
    }

    @Test
    void everyResourceIsValidAgainstItsCrd() {
        assertEquals(5, resources.size(), "Cluster, ScheduledBackup, two Databases, Pooler");
        for (JsonNode resource : resources) {
            assertEquals(List.of(), crds.problems(resource), resource.path("kind").asText());
        }
    }

    @Test
    void aMisspeltFieldAndAValueOutsideItsEnumAreCaught() throws Exception {
        Path broken = Path.of(getClass().getResource("/broken-cluster.yaml").toURI());
        String problems = String.join("\n", crds.problems(CrdSchemas.documents(broken).get(0)));
        assertTrue(problems.contains("/spec: property 'instance' is not defined"), problems);
        assertTrue(problems.contains("/spec/primaryUpdateStrategy:"), problems);
    }

    @Test
    void eachServiceHasItsRoleItsSchemaAndItsSecret() {
        JsonNode cluster = kind("Cluster");
        Map<String, String> roles = new TreeMap<>();
        cluster.path("spec").path("managed").path("roles").forEach(r -> roles.put(r.path("name").asText(),
                r.path("passwordSecret").path("name").asText()));
        Map<String, String> expectedRoles = new TreeMap<>();
        SCHEMAS.forEach(s -> expectedRoles.put("clv_" + s, "clv-db-" + s)); // the secrets the Deployments read
        expectedRoles.put("keycloak", "clv-db-keycloak");
        assertEquals(expectedRoles, roles);
        Map<String, String> owners = new TreeMap<>();
        database("app").path("spec").path("schemas").forEach(s -> owners.put(s.path("name").asText(),
                s.path("owner").asText()));
        Map<String, String> expectedOwners = new TreeMap<>();
        SCHEMAS.forEach(s -> expectedOwners.put(s, "clv_" + s));
        assertEquals(expectedOwners, owners);
        assertEquals(3, cluster.path("spec").path("instances").asInt());
        assertFalse(cluster.path("spec").path("backup").isMissingNode(), "backups are declared");
        assertEquals(cluster.path("metadata").path("name").asText(), kind("ScheduledBackup").path("spec")
                .path("cluster").path("name").asText());
    }

    @Test
    void migrationsConnectDirectlyAndThePoolsThroughThePooler() throws IOException {
        String cluster = kind("Cluster").path("metadata").path("name").asText();
        JsonNode pooler = kind("Pooler");
        assertEquals(cluster, pooler.path("spec").path("cluster").path("name").asText());
        JsonNode config = CrdSchemas.documents(BASE.resolve("platform-config.yaml")).get(0).path("data");
        // Flyway takes a session-level advisory lock: it must not share a pooled session
        assertEquals("jdbc:postgresql://" + cluster + "-rw:5432/app", config.path("DB_JDBC_URL").asText());
        assertEquals("postgresql://" + pooler.path("metadata").path("name").asText() + ":5432/app",
                config.path("DB_REACTIVE_URL").asText());
    }

    private static JsonNode database(String name) {
        return resources.stream().filter(r -> "Database".equals(r.path("kind").asText())
                && name.equals(r.path("spec").path("name").asText())).findFirst().orElseThrow();
    }

    private static JsonNode kind(String kind) {
        List<JsonNode> found = new ArrayList<>();
        resources.stream().filter(r -> kind.equals(r.path("kind").asText())).forEach(found::add);
        assertEquals(1, found.size(), kind);
        return found.get(0);
    }
}
