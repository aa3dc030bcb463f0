package dev.clv.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.schema.validator.ValidationMessage;
import io.fabric8.kubernetes.schema.validator.Validator;

/**
 * The built-in objects of the base: valid against the Kubernetes schema (Fabric8's validator), every Deployment
 * under the restricted Pod Security profile with a read-only root, spread over zones and hosts, kept up through
 * drains by a PodDisruptionBudget, and autoscaled on CPU only where requests drive the load.
 */
class WorkloadsTest {
    private static final Path BASE = Path.of(System.getProperty("clv.repo.root")).resolve("deploy/base");
    private static final Validator VALIDATOR = Validator.newInstance();
    private static final Set<String> ON_CPU = Set.of("gateway", "ingestion-service", "prediction-service",
            "analytics-query", "console");
    private static final Pattern INT_OR_STRING = Pattern.compile(
            "\\[Path '[^']*/(minAvailable|maxUnavailable|maxSurge|targetPort|port)']");
    private static List<JsonNode> objects;

    @BeforeAll
    static void read() throws IOException {
        objects = new ArrayList<>();
        try (Stream<Path> files = Files.list(BASE)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                for (JsonNode doc : CrdSchemas.documents(file)) {
                    if (!doc.path("kind").asText().equals("Kustomization")) {
                        objects.add(doc);
                    }
                }
            }
        }
    }

    @Test
    void everyBuiltInObjectIsValidAgainstTheKubernetesSchema() {
        assertTrue(objects.size() >= 20,
                "namespace, config, 6 services' Deployments and Services, budgets, autoscalers");
        for (JsonNode object : objects) {
            assertEquals(List.of(), errors(object), object.path("kind") + " " + object.path("metadata").path("name"));
        }
    }

    @Test
    void aMisspeltFieldAndAWrongTypeAreCaught() throws Exception {
        Path broken = Path.of(getClass().getResource("/broken-deployment.yaml").toURI());
        String errors = String.join("\n", errors(CrdSchemas.documents(broken).get(0)));
        assertTrue(errors.contains("replica"), errors);
        assertTrue(errors.contains("containerPort"), errors);
    }

    @Test
    void everyDeploymentIsHardenedSpreadAndBudgeted() {
        List<JsonNode> budgets = new ArrayList<>();
        Set<String> budgeted = new TreeSet<>();
        Set<String> autoscaled = new TreeSet<>();
        for (JsonNode o : objects) {
            if (o.path("kind").asText().equals("PodDisruptionBudget")) {
                budgets.add(o.path("spec").path("selector").path("matchLabels"));
            } else if (o.path("kind").asText().equals("HorizontalPodAutoscaler")) {
                autoscaled.add(o.path("spec").path("scaleTargetRef").path("name").asText());
                assertTrue(o.path("spec").path("minReplicas").asInt() >= 2, "a budget needs two to drain one");
            }
        }
        Set<String> lagScaled = new TreeSet<>();
        try {
            for (JsonNode o : CrdSchemas.documents(BASE.resolve("keda/lag-scaling.yaml"))) {
                if (o.path("kind").asText().equals("ScaledObject")) {
                    lagScaled.add(o.path("spec").path("scaleTargetRef").path("name").asText());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<String> deployments = new TreeSet<>();
        for (JsonNode d : objects) {
            if (!d.path("kind").asText().equals("Deployment")) {
                continue;
            }
            String name = d.path("metadata").path("name").asText();
            deployments.add(name);
            JsonNode pod = d.path("spec").path("template").path("spec");
            JsonNode podLabels = d.path("spec").path("template").path("metadata").path("labels");
            for (JsonNode budget : budgets) {
                boolean selects = true;
                for (var e : (Iterable<Map.Entry<String, JsonNode>>) budget::fields) {
                    selects &= e.getValue().equals(podLabels.path(e.getKey()));
                }
                if (selects) {
                    budgeted.add(name);
                }
            }
            assertHardened(d);
            // an autoscaled Deployment leaves its replicas to the autoscaler, which an apply must not reset
            boolean scaledBySomething = autoscaled.contains(name) || lagScaled.contains(name);
            assertEquals(scaledBySomething, d.path("spec").path("replicas").isMissingNode(), name);
            if (!scaledBySomething) {
                assertTrue(d.path("spec").path("replicas").asInt() >= 2, name + " keeps one up through a drain");
            }
        }
        assertEquals(deployments, budgeted, "a PodDisruptionBudget for each Deployment");
        assertEquals(ON_CPU, autoscaled, "CPU autoscaling for the request-driven Deployments only");
    }

    /**
     * The restricted Pod Security profile with a read-only root and a writable {@code /tmp} of its own, a spread over
     * zones and hosts, and requests and limits: asserted of every Deployment, in the base and in every overlay.
     */
    static void assertHardened(JsonNode d) {
        String name = d.path("metadata").path("name").asText();
        JsonNode pod = d.path("spec").path("template").path("spec");
        assertTrue(pod.path("securityContext").path("runAsNonRoot").asBoolean(), name);
        assertEquals("RuntimeDefault", pod.path("securityContext").path("seccompProfile").path("type").asText(),
                name);
        Set<String> spreadOver = new TreeSet<>();
        pod.path("topologySpreadConstraints").forEach(c -> spreadOver.add(c.path("topologyKey").asText()));
        assertEquals(Set.of("kubernetes.io/hostname", "topology.kubernetes.io/zone"), spreadOver, name);
        String tmpVolume = null;
        for (JsonNode v : pod.path("volumes")) {
            if (v.has("emptyDir")) {
                tmpVolume = v.path("name").asText();
            }
        }
        for (JsonNode c : pod.path("containers")) {
            JsonNode sc = c.path("securityContext");
            assertTrue(sc.path("readOnlyRootFilesystem").asBoolean(), name);
            assertFalse(sc.path("allowPrivilegeEscalation").asBoolean(true), name);
            assertEquals("[\"ALL\"]", sc.path("capabilities").path("drop").toString(), name);
            boolean tmp = false;
            for (JsonNode m : c.path("volumeMounts")) {
                tmp |= m.path("mountPath").asText().equals("/tmp") && m.path("name").asText().equals(tmpVolume);
            }
            assertTrue(tmp, name + " has a writable /tmp of its own");
            assertFalse(c.path("resources").path("requests").path("cpu").isMissingNode(), name);
            assertFalse(c.path("resources").path("limits").path("memory").isMissingNode(), name);
        }
    }

    static List<String> errors(JsonNode object) {
        List<String> out = new ArrayList<>();
        for (ValidationMessage m : VALIDATOR.validate(object).getMessages()) {
            // Kubernetes' IntOrString fields take numbers too; Fabric8's schema declares them as strings only
            boolean intOrString = INT_OR_STRING.matcher(m.getMessage()).find()
                    && m.getMessage().contains("Instance type (integer) does not match any allowed primitive type "
                            + "(allowed: [\"string\"])");
            if (m.getLevel() == ValidationMessage.Level.ERROR && !intOrString) {
                out.add(m.getMessage());
            }
        }
        return out;
    }
}
