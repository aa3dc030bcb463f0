package dev.clv.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.schema.validator.Validator;

/**
 * KEDA's lag scaling: valid against the vendored KEDA CRDs, on the consumer groups the README's topic table names,
 * never beyond the partitions a group can use, never beside a CPU autoscaler, as a user that exists.
 */
class LagScalingTest {
    private static final Path REPO = Path.of(System.getProperty("clv.repo.root"));
    private static final Path BASE = REPO.resolve("deploy/base");

    @Test
    void scaledObjectsAreValidAndBoundedByPartitions() throws IOException {
        CrdSchemas crds = new CrdSchemas(REPO.resolve("deploy/crds"));
        List<JsonNode> docs = CrdSchemas.documents(BASE.resolve("keda/lag-scaling.yaml"));
        Map<String, JsonNode> deployments = new TreeMap<>();
        for (String file : List.of("analytics-service.yaml", "segmentation-service.yaml")) {
            for (JsonNode d : CrdSchemas.documents(BASE.resolve(file))) {
                if (d.path("kind").asText().equals("Deployment")) {
                    deployments.put(d.path("metadata").path("name").asText(), d);
                }
            }
        }
        Map<String, Integer> partitions = new TreeMap<>();
        for (JsonNode topic : CrdSchemas.documents(BASE.resolve("kafka/topics.yaml"))) {
            partitions.put(topic.path("spec").path("topicName").asText(), topic.path("spec").path("partitions")
                    .asInt());
        }
        String bootstrap = CrdSchemas.documents(BASE.resolve("platform-config.yaml")).get(0).path("data")
                .path("KAFKA_BOOTSTRAP_SERVERS").asText();
        Set<String> onCpu = new TreeSet<>();
        for (JsonNode o : CrdSchemas.documents(BASE.resolve("availability.yaml"))) {
            if (o.path("kind").asText().equals("HorizontalPodAutoscaler")) {
                onCpu.add(o.path("spec").path("scaleTargetRef").path("name").asText());
            }
        }
        int scaled = 0;
        for (JsonNode doc : docs) {
            String kind = doc.path("kind").asText();
            if (kind.equals("ConfigMap")) {
                assertTrue(Validator.newInstance().validate(doc).getMessages().isEmpty());
                continue;
            }
            assertEquals(List.of(), crds.problems(doc), kind);
            if (!kind.equals("ScaledObject")) {
                continue;
            }
            scaled++;
            String target = doc.path("spec").path("scaleTargetRef").path("name").asText();
            JsonNode deployment = deployments.get(target);
            assertTrue(deployment != null, target + " is a Deployment");
            assertTrue(deployment.path("spec").path("replicas").isMissingNode(), target + ": KEDA sets the replicas");
            assertTrue(!onCpu.contains(target), target + " has no CPU autoscaler too");
            assertTrue(doc.path("spec").path("minReplicaCount").asInt() >= 2, "its budget lets one go");
            JsonNode trigger = doc.path("spec").path("triggers").get(0);
            assertEquals("kafka", trigger.path("type").asText());
            assertEquals(bootstrap, trigger.path("metadata").path("bootstrapServers").asText());
            assertEquals("scram_sha512", trigger.path("metadata").path("sasl").asText());
            assertEquals("enable", trigger.path("metadata").path("tls").asText());
            String group = trigger.path("metadata").path("consumerGroup").asText();
            var topics = KafkaManifestsTest.readBy(group);
            assertTrue(!topics.isEmpty(), group + " is a group of the README's table");
            int usable = topics.stream().mapToInt(partitions::get).max().orElseThrow()
                    / consumersPerPod(deployment, group);
            assertTrue(doc.path("spec").path("maxReplicaCount").asInt() <= usable, target + ": at most " + usable
                    + " pods have partitions to consume");
        }
        assertEquals(2, scaled, "analytics-projection and segmentation");
    }

    /** Consumers of {@code group} per pod: PROJECTION_CONSUMERS for the projector, else the service's members setting. */
    private static int consumersPerPod(JsonNode deployment, String group) throws IOException {
        if (group.equals("analytics-projector")) {
            for (JsonNode env : deployment.path("spec").path("template").path("spec").path("containers").get(0)
                    .path("env")) {
                if (env.path("name").asText().equals("PROJECTION_CONSUMERS")) {
                    return env.path("value").asInt();
                }
            }
            throw new AssertionError("PROJECTION_CONSUMERS is not set");
        }
        Matcher members = Pattern.compile("(?m)^segmentation\\.consumers\\.members=(\\d+)$").matcher(Files.readString(
                REPO.resolve("segmentation-service/src/main/resources/application.properties")));
        assertTrue(members.find());
        return Integer.parseInt(members.group(1));
    }
}
