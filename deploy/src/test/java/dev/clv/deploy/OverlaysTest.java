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
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * Renders each overlay (deploy/overlays/dev and production) and validates every object it holds: built-in kinds
 * against the Kubernetes schema, Strimzi kinds with Strimzi's typed model, the operators' kinds against their vendored
 * CRDs; then the rules each overlay promises (one replica of everything in dev and self-contained secrets; in
 * production the base's objects and its monitoring, images from a registry at a release tag and no dev value).
 */
class OverlaysTest {
    private static final Path DEPLOY = Path.of(System.getProperty("clv.repo.root")).resolve("deploy");
    private static final Set<String> CRD_GROUPS = Set.of("postgresql.cnpg.io", "k8s.keycloak.org", "keda.sh",
            "cert-manager.io", "monitoring.coreos.com");
    private static KubernetesDefinitions kubernetes;
    private static CrdSchemas crds;

    @BeforeAll
    static void schemas() throws IOException {
        kubernetes = new KubernetesDefinitions();
        crds = new CrdSchemas(DEPLOY.resolve("crds"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void everyObjectIsValidAgainstItsOwnSchemaAndEveryDeploymentIsHardened(String overlay) throws IOException {
        List<ObjectNode> objects = render(overlay);
        assertTrue(objects.size() > 60, overlay + ": the whole platform");
        for (ObjectNode o : objects) {
            String id = overlay + ": " + o.path("kind").asText() + " " + o.path("metadata").path("name").asText();
            String group = o.path("apiVersion").asText().contains("/")
                    ? o.path("apiVersion").asText().split("/")[0]
                    : "";
            if (group.equals("kafka.strimzi.io")) {
                assertEquals(List.of(), StrimziModel.unknownFields(StrimziModel.read(o, id)), id);
            } else if (CRD_GROUPS.contains(group)) {
                assertEquals(List.of(), crds.problems(o), id);
            } else if (group.endsWith(".k8s.io")) {
                assertEquals(List.of(), kubernetes.problems(o), id);
            } else {
                assertEquals(List.of(), WorkloadsTest.errors(o), id);
            }
            assertEquals("clv", o.path("metadata").path("namespace").asText("clv"), id);
            if (o.path("kind").asText().equals("Deployment")) {
                WorkloadsTest.assertHardened(o);
            }
        }
    }

    @Test
    void devRunsOneOfEverythingWithTheSecretsItNeeds() throws IOException {
        List<ObjectNode> dev = render("dev");
        Set<String> kinds = new TreeSet<>();
        Set<String> secrets = new TreeSet<>();
        dev.forEach(o -> kinds.add(o.path("kind").asText()));
        for (String gone : List.of("HorizontalPodAutoscaler", "PodDisruptionBudget", "ScaledObject",
                "TriggerAuthentication", "ScheduledBackup")) {
            assertFalse(kinds.contains(gone), gone + " in dev");
        }
        for (ObjectNode o : dev) {
            String name = o.path("metadata").path("name").asText();
            switch (o.path("kind").asText()) {
                case "Deployment" -> assertEquals(1, o.path("spec").path("replicas").asInt(), name);
                case "KafkaNodePool", "Pooler", "Keycloak" -> assertEquals(1, o.path("spec").path(o.path("kind")
                        .asText().equals("KafkaNodePool") ? "replicas" : "instances").asInt(), name);
                case "Cluster" -> {
                    assertEquals(1, o.path("spec").path("instances").asInt(), name);
                    assertTrue(o.path("spec").path("backup").isMissingNode(), "no backups of a dev database");
                }
                case "KafkaTopic" -> {
                    // one broker: a topic with more replicas, or a larger minimum in sync, takes no writes
                    assertEquals(1, o.path("spec").path("replicas").asInt(), name);
                    assertEquals(1, o.path("spec").path("config").path("min.insync.replicas").asInt(), name);
                }
                case "Kafka" -> o.path("spec").path("kafka").path("config").fields().forEachRemaining(e -> {
                    if (e.getKey().matches(".*(replication\\.factor|min\\.insync\\.replicas|min\\.isr)")) {
                        assertEquals(1, e.getValue().asInt(), e.getKey());
                    }
                });
                case "Secret" -> secrets.add(name);
                case "KafkaUser" -> secrets.add(name); // Strimzi makes the user's secret under its name
                default -> {
                }
            }
        }
        // every secret a Deployment reads exists once the overlay is applied (pseudonymisation is optional)
        for (ObjectNode d : ofKind(dev, "Deployment")) {
            for (JsonNode ref : d.findValues("secretKeyRef")) {
                String secret = ref.path("name").asText();
                assertTrue(secrets.contains(secret) || ref.path("optional").asBoolean(), d.path("metadata")
                        .path("name").asText() + " reads the missing secret " + secret);
            }
        }
    }

    @Test
    void productionIsTheBaseWithReleasedImagesAndNoDevValue() throws IOException {
        List<ObjectNode> production = render("production");
        Set<String> expected = ids(Kustomize.render(DEPLOY.resolve("base")));
        expected.addAll(ids(Kustomize.render(DEPLOY.resolve("monitoring"))));
        assertEquals(expected, ids(production), "the base's objects and the monitoring, all");
        assertTrue(ofKind(production, "Secret").isEmpty(), "production generates no secret");
        for (ObjectNode d : ofKind(production, "Deployment")) {
            for (JsonNode c : d.path("spec").path("template").path("spec").path("containers")) {
                assertTrue(c.path("image").asText().matches("registry\\.example\\.com/clv/[a-z-]+:\\d+\\.\\d+\\.\\d+"),
                        c.path("image").asText());
            }
        }
        // every value the dev overlay generates, and the local stack's webhook key id, are absent from production
        List<String> devValues = new ArrayList<>(List.of("dev-only"));
        for (ObjectNode secret : ofKind(render("dev"), "Secret")) {
            secret.path("data").fields().forEachRemaining(e -> {
                if (!Set.of("username", "public-url", "active-key-id").contains(e.getKey())) { // not secrets
                    devValues
                            .add(new String(Base64.getDecoder().decode(e.getValue().asText()), StandardCharsets.UTF_8));
                }
            });
        }
        assertTrue(devValues.size() >= 8, "the dev overlay's secrets were read: " + devValues.size());
        String text = new ObjectMapper().writeValueAsString(production);
        for (String value : devValues) {
            assertFalse(text.contains(value), "a dev value in production: " + value.substring(0, 8) + "…");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "monitoring", "overlays/dev", "overlays/production"})
    void rendersAsKustomizeDoes(String folder) throws Exception {
        // a second method where the machine has it: kubectl's own kustomize (CI machines may not)
        Process kubectl;
        try {
            kubectl = new ProcessBuilder("kubectl", "kustomize", DEPLOY.resolve(folder).toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            Assumptions.abort("kubectl is not installed");
            return;
        }
        byte[] out = kubectl.getInputStream().readAllBytes();
        assertTrue(kubectl.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, kubectl.exitValue(), "kubectl kustomize " + folder);
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        Map<String, JsonNode> theirs = new TreeMap<>();
        for (JsonNode o : yaml.readValues(yaml.getFactory().createParser(out), JsonNode.class).readAll()) {
            // kubectl folds a secret's long base64 values over lines
            if (o.path("data").isObject() && o.path("kind").asText().equals("Secret")) {
                ObjectNode data = (ObjectNode) o.path("data");
                data.fields().forEachRemaining(e -> data.put(e.getKey(), e.getValue().asText().replaceAll("\\s",
                        "")));
            }
            theirs.put(id(o), o);
        }
        Map<String, JsonNode> ours = new TreeMap<>();
        Kustomize.render(DEPLOY.resolve(folder)).forEach(o -> ours.put(id(o), o));
        assertEquals(theirs.keySet(), ours.keySet(), folder);
        for (String id : ours.keySet()) {
            assertEquals(theirs.get(id), ours.get(id), folder + ": " + id);
        }
    }

    private static List<ObjectNode> render(String overlay) throws IOException {
        return Kustomize.render(DEPLOY.resolve("overlays").resolve(overlay));
    }

    private static List<ObjectNode> ofKind(List<ObjectNode> objects, String kind) {
        return objects.stream().filter(o -> o.path("kind").asText().equals(kind)).toList();
    }

    private static Set<String> ids(List<ObjectNode> objects) {
        Set<String> out = new TreeSet<>();
        objects.forEach(o -> out.add(id(o)));
        return out;
    }

    private static String id(JsonNode o) {
        return o.path("apiVersion").asText() + " " + o.path("kind").asText() + " " + o.path("metadata")
                .path("namespace").asText() + "/" + o.path("metadata").path("name").asText();
    }
}
