package dev.clv.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** Parses every manifest of the kustomize base and checks it against the services it deploys. */
class ManifestsTest {
    private static final Path REPO = Path.of(System.getProperty("clv.repo.root"));
    private static final Path BASE = REPO.resolve("deploy/base");
    private static final List<String> SERVICES = List.of("gateway", "ingestion-service", "analytics-service",
            "prediction-service", "segmentation-service", "console");
    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(:[^}]*)?}");

    @Test
    void everyManifestParsesAndNamesItsKind() throws IOException {
        try (Stream<Path> files = Files.list(BASE)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                for (Map<String, Object> doc : documents(file)) {
                    assertNotNull(doc.get("apiVersion"), file + " lacks apiVersion");
                    assertNotNull(doc.get("kind"), file + " lacks kind");
                    if (!"Kustomization".equals(doc.get("kind"))) {
                        assertNotNull(map(doc, "metadata").get("name"), file + " lacks metadata.name");
                    }
                }
            }
        }
    }

    @Test
    void theKustomizationListsExistingFilesAndEveryService() throws IOException {
        Map<String, Object> kustomization = documents(BASE.resolve("kustomization.yaml")).get(0);
        List<String> resources = list(kustomization, "resources");
        for (String resource : resources) {
            assertTrue(Files.exists(BASE.resolve(resource)), resource + " is listed but missing");
        }
        for (String service : SERVICES) {
            assertTrue(resources.contains(service + ".yaml"), service + " is not deployed");
        }
    }

    @Test
    void everyServiceHasProbesLimitsAndAMatchingService() throws IOException {
        for (String service : SERVICES) {
            List<Map<String, Object>> docs = documents(BASE.resolve(service + ".yaml"));
            Map<String, Object> selector = map(map(byKind(docs, "Service"), "spec"), "selector");
            // Quarkus serves health and metrics under the HTTP root path (the console's /app)
            String root = rootPath(service);
            boolean selectsSome = false;
            for (Map<String, Object> deployment : allOfKind(docs, "Deployment")) {
                Map<String, Object> container = container(deployment);
                assertEquals(root + "/q/health/ready", map(map(container, "readinessProbe"), "httpGet").get("path"),
                        service);
                assertEquals(root + "/q/health/live", map(map(container, "livenessProbe"), "httpGet").get("path"),
                        service);
                assertEquals(root + "/q/health/started", map(map(container, "startupProbe"), "httpGet").get(
                        "path"), service);
                assertEquals(root + "/q/metrics", map(map(map(map(deployment, "spec"), "template"), "metadata"),
                        "annotations").get("prometheus.io/path"), service);
                Map<String, Object> resources = map(container, "resources");
                assertNotNull(map(resources, "requests").get("memory"), service + " has no memory request");
                assertNotNull(map(resources, "limits").get("memory"), service + " has no memory limit");
                Map<String, Object> podLabels = map(map(map(map(deployment, "spec"), "template"), "metadata"),
                        "labels");
                selectsSome |= selector.entrySet().stream().allMatch(e -> e.getValue().equals(podLabels.get(e
                        .getKey())));
            }
            assertTrue(selectsSome, service + ": its Service selects none of its pods");
        }
    }

    @Test
    void everyVariableAServiceReadsIsSupplied() throws IOException {
        Map<String, Object> config = byKind(documents(BASE.resolve("platform-config.yaml")), "ConfigMap");
        Set<String> shared = map(config, "data").keySet();
        for (String service : SERVICES) {
            String properties = Files.readString(REPO.resolve(service + "/src/main/resources/application.properties"));
            for (Map<String, Object> deployment : allOfKind(documents(BASE.resolve(service + ".yaml")),
                    "Deployment")) {
                Set<String> supplied = new HashSet<>(shared);
                for (Object env : list(container(deployment), "env")) {
                    supplied.add((String) ((Map<?, ?>) env).get("name"));
                }
                Matcher m = ENV_REFERENCE.matcher(properties);
                while (m.find()) {
                    assertTrue(supplied.contains(m.group(1)), map(deployment, "metadata").get("name") + " reads ${"
                            + m.group(1) + "} but its Deployment does not set it");
                }
            }
        }
    }

    @Test
    void everyServiceLogsInToTheDatabaseWithARoleAndSecretOfItsOwn() throws IOException {
        Map<String, Object> config = byKind(documents(BASE.resolve("platform-config.yaml")), "ConfigMap");
        for (String variable : List.of("DB_USER", "DB_PASSWORD")) {
            assertFalse(map(config, "data").containsKey(variable), "the ConfigMap would share " + variable);
        }
        Map<String, String> secretOwners = new HashMap<>();
        // every service keeps data in a schema of its own, the console too (its scheduled reports, schema console)
        for (String service : SERVICES) {
            assertTrue(Files.readString(REPO.resolve(service + "/src/main/resources/application.properties"))
                    .contains("quarkus.datasource.db-kind="), service + " has no datasource");
            for (Map<String, Object> deployment : allOfKind(documents(BASE.resolve(service + ".yaml")),
                    "Deployment")) {
                checkDatabaseLogin(service, container(deployment), secretOwners);
            }
        }
        assertEquals(SERVICES.size(), secretOwners.size(), "each service its own secret: " + secretOwners);
    }

    @Test
    void theGatewayPassesTheConsoleThroughAndTheConsoleCallsTheGatewayByTheirServices() throws IOException {
        Map<String, Object> data = map(byKind(documents(BASE.resolve("platform-config.yaml")), "ConfigMap"), "data");
        for (String[] link : List.of(new String[]{"CONSOLE_URL", "console"}, new String[]{"GATEWAY_URL",
                "gateway"})) {
            Map<String, Object> service = byKind(documents(BASE.resolve(link[1] + ".yaml")), "Service");
            Object port = ((Map<?, ?>) list(map(service, "spec"), "ports").get(0)).get("port");
            assertEquals("http://" + map(service, "metadata").get("name") + ":" + port, data.get(link[0]), link[0]);
        }
    }

    /** The HTTP root path a service's application.properties sets ("" when none), under which Quarkus serves /q. */
    static String rootPath(String service) throws IOException {
        Matcher m = Pattern.compile("(?m)^quarkus\\.http\\.root-path=(\\S+)$").matcher(Files.readString(REPO
                .resolve(service + "/src/main/resources/application.properties")));
        return m.find() ? m.group(1).replaceAll("/$", "") : "";
    }

    private static void checkDatabaseLogin(String service, Map<String, Object> container,
            Map<String, String> secretOwners) throws IOException {
        List<Map<String, Object>> env = list(container, "env");
        // the role's secret is named after the schema the service migrates (docs/privacy.md, Database roles)
        Matcher schema = Pattern.compile("(?m)^quarkus\\.flyway\\.schemas=(\\w+)$").matcher(
                Files.readString(REPO.resolve(service + "/src/main/resources/application.properties")));
        assertTrue(schema.find(), service + " names no Flyway schema");
        for (String variable : List.of("DB_USER", "DB_PASSWORD")) {
            Map<String, Object> entry = env.stream().filter(e -> variable.equals(e.get("name"))).findFirst()
                    .orElseThrow(() -> new AssertionError(service + " does not set " + variable));
            Map<String, Object> ref = map(map(entry, "valueFrom"), "secretKeyRef");
            assertEquals("clv-db-" + schema.group(1), ref.get("name"), service + ": " + variable + "'s secret");
            assertEquals(variable.equals("DB_USER") ? "username" : "password", ref.get("key"), service);
            String owner = secretOwners.putIfAbsent((String) ref.get("name"), service);
            assertTrue(owner == null || owner.equals(service), ref.get("name") + " is shared by " + owner
                    + " and " + service);
        }
        for (Map<String, Object> entry : env) {
            assertNotEquals("postgres", entry.get("value"), service + ": " + entry.get("name"));
            Object ref = entry.get("valueFrom") instanceof Map<?, ?> from ? from.get("secretKeyRef") : null;
            Object secret = ref instanceof Map<?, ?> r ? r.get("name") : null;
            // CloudNativePG's superuser and application-owner secrets: shared, and far more than a schema
            assertFalse("clv-db-app".equals(secret) || "clv-db-superuser".equals(secret),
                    service + " uses " + secret);
        }
        List<Map<String, Object>> envFrom = container.get("envFrom") == null
                ? List.of()
                : list(container, "envFrom");
        envFrom.forEach(from -> assertNull(from.get("secretRef"), service + " takes a whole Secret as its env"));
    }

    private static List<Map<String, Object>> documents(Path file) throws IOException {
        List<Map<String, Object>> docs = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file)) {
            for (Object doc : new Yaml().loadAll(reader)) {
                if (doc != null) {
                    docs.add(cast(doc));
                }
            }
        }
        return docs;
    }

    private static List<Map<String, Object>> allOfKind(List<Map<String, Object>> docs, String kind) {
        List<Map<String, Object>> out = docs.stream().filter(d -> kind.equals(d.get("kind"))).toList();
        assertFalse(out.isEmpty(), "no " + kind);
        return out;
    }

    private static Map<String, Object> byKind(List<Map<String, Object>> docs, String kind) {
        return docs.stream().filter(d -> kind.equals(d.get("kind"))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind));
    }

    private static Map<String, Object> container(Map<String, Object> deployment) {
        return cast(list(map(map(map(deployment, "spec"), "template"), "spec"), "containers").get(0));
    }

    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        assertNotNull(value, "missing " + key);
        return cast(value);
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> list(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        assertNotNull(value, "missing " + key);
        return (List<T>) value;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object value) {
        return (Map<String, Object>) value;
    }
}
