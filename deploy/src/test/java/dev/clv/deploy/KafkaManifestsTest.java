package dev.clv.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import dev.clv.contracts.Topics;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple;
import io.strimzi.api.kafka.model.user.acl.AclOperation;
import io.strimzi.api.kafka.model.user.acl.AclRule;
import io.strimzi.api.kafka.model.user.acl.AclRuleGroupResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTopicResource;

/** The Strimzi manifests: known to Strimzi's own model, and declaring every topic the contracts name, as documented. */
class KafkaManifestsTest {
    private static final Path REPO = Path.of(System.getProperty("clv.repo.root"));
    private static final Path KAFKA = REPO.resolve("deploy/base/kafka");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    // a row of the README's topic table: topic, who writes it, who reads it (with their groups)
    private static final Pattern TABLE_ROW = Pattern.compile("\\| `([a-z0-9.-]+)`[^|]* \\| ([a-z, ]+) \\| (.+) \\|");
    private static final Set<String> RAW = Set.of(Topics.CUSTOMERS, Topics.TRANSACTIONS, Topics.INTERACTIONS,
            Topics.EVENTS, Topics.PRODUCTS);

    @Test
    void everyFieldIsOneStrimzisModelKnows() throws IOException {
        List<Object> resources = all();
        assertTrue(resources.size() > 14, "the cluster, its node pool and the topics at least");
        for (Object resource : resources) {
            assertEquals(List.of(), StrimziModel.unknownFields(resource));
        }
    }

    @Test
    void aMisspeltFieldIsCaught() throws Exception {
        Path broken = Path.of(getClass().getResource("/broken-topic.yaml").toURI());
        List<String> unknown = StrimziModel.unknownFields(StrimziModel.read(broken).get(0));
        assertEquals(List.of("KafkaTopic.Spec.partition"), unknown);
    }

    @Test
    void everyTopicTheContractsNameIsDeclaredReplicatedThreeTimes() throws Exception {
        Map<String, KafkaTopic> declared = all().stream().filter(KafkaTopic.class::isInstance)
                .map(KafkaTopic.class::cast).collect(Collectors.toMap(t -> t.getSpec().getTopicName(), t -> t));
        assertEquals(contractTopics(), new TreeSet<>(declared.keySet()));
        for (KafkaTopic topic : declared.values()) {
            String name = topic.getSpec().getTopicName();
            assertEquals("clv-kafka", topic.getMetadata().getLabels().get("strimzi.io/cluster"), name);
            assertEquals(3, topic.getSpec().getReplicas(), name);
            assertEquals(2, ((Number) topic.getSpec().getConfig().get("min.insync.replicas")).intValue(), name);
            if (name.equals(Topics.RETENTION_POLICIES)) {
                assertEquals("compact", topic.getSpec().getConfig().get("cleanup.policy"));
                assertEquals(null, topic.getSpec().getConfig().get("retention.ms"), "no time retention");
            } else {
                // an erased customer's records age out of the broker within a week (docs/privacy.md)
                assertEquals(604_800_000L, ((Number) topic.getSpec().getConfig().get("retention.ms")).longValue(),
                        name);
            }
        }
        // one customer's rows of every kind share a partition number only if the raw topics have as many partitions
        assertEquals(1, RAW.stream().map(t -> declared.get(t).getSpec().getPartitions()).distinct().count());
    }

    @Test
    void theClusterWaitsForTwoReplicasAndCreatesNoTopicOnDemand() throws IOException {
        Kafka kafka = all().stream().filter(Kafka.class::isInstance).map(Kafka.class::cast).findFirst()
                .orElseThrow();
        Map<String, Object> config = kafka.getSpec().getKafka().getConfig();
        assertEquals(false, config.get("auto.create.topics.enable"));
        assertEquals(2, ((Number) config.get("min.insync.replicas")).intValue());
        assertNotNull(kafka.getSpec().getKafka().getAuthorization(), "ACLs are enforced");
        assertTrue(kafka.getSpec().getKafka().getListeners().stream().allMatch(l -> l.isTls()
                && l.getAuth() != null), "every listener is TLS with client authentication");
    }

    @Test
    void eachServiceMayDoWhatTheReadmesTopicTableSaysAndNothingMore() throws Exception {
        Map<String, Set<String>> expected = new TreeMap<>();
        Set<String> rows = new TreeSet<>();
        Pattern reader = Pattern.compile("(\\w+) \\(([^)]*)\\)");
        for (String line : Files.readAllLines(REPO.resolve("deploy/README.md"))) {
            Matcher row = TABLE_ROW.matcher(line);
            if (!row.matches()) {
                continue;
            }
            String topic = row.group(1);
            rows.add(topic);
            for (String writer : row.group(2).split(", ")) {
                grant(expected, writer, "topic " + topic + " literal Write", "topic " + topic + " literal Describe");
            }
            Matcher r = reader.matcher(row.group(3));
            while (r.find()) {
                grant(expected, r.group(1), "topic " + topic + " literal Read", "topic " + topic + " literal Describe");
                Matcher group = Pattern.compile("`([^`]+)`").matcher(r.group(2));
                if (group.find()) {
                    String name = group.group(1);
                    grant(expected, r.group(1), name.endsWith("*")
                            ? "group " + name.substring(0, name.length() - 1)
                                    + " prefix Read"
                            : "group " + name + " literal Read");
                }
            }
        }
        assertEquals(contractTopics(), rows, "the table has a row for every topic");
        // ingestion reads the projection's committed offsets for wait=true (the README says so below the table)
        grant(expected, "ingestion", "group analytics-projector literal Describe");
        assertEquals(Set.of("ingestion", "analytics", "prediction", "segmentation"), expected.keySet());
        // KEDA reads the lag of the groups it scales on (keda/lag-scaling.yaml): Describe on them and their topics
        for (String group : List.of("analytics-projector", "segmentation-profiles")) {
            grant(expected, "keda", "group " + group + " literal Describe");
            for (var reads : readBy(group)) {
                grant(expected, "keda", "topic " + reads + " literal Describe");
            }
        }

        Map<String, Set<String>> granted = new TreeMap<>();
        for (Object resource : all()) {
            if (resource instanceof KafkaUser user) {
                assertEquals("scram-sha-512", user.getSpec().getAuthentication().getType());
                String service = user.getMetadata().getName().replaceFirst("^clv-", "");
                for (AclRule rule : ((KafkaUserAuthorizationSimple) user.getSpec().getAuthorization()).getAcls()) {
                    assertEquals(null, rule.getOperation(), "kafka.strimzi.io/v1 knows operations, not operation");
                    String resourceText = describe(rule.getResource());
                    for (AclOperation op : rule.getOperations()) {
                        grant(granted, service, resourceText + " " + op.toValue());
                    }
                }
            }
        }
        assertEquals(expected, granted);
    }

    @Test
    void eachServiceConnectsOverTlsAsItsOwnKafkaUser() throws IOException {
        Kafka kafka = all().stream().filter(Kafka.class::isInstance).map(Kafka.class::cast).findFirst()
                .orElseThrow();
        Set<String> users = all().stream().filter(KafkaUser.class::isInstance)
                .map(u -> ((KafkaUser) u).getMetadata().getName()).collect(Collectors.toSet());
        JsonNode config = YAML.readTree(REPO.resolve("deploy/base/platform-config.yaml").toFile()).path("data");
        int port = kafka.getSpec().getKafka().getListeners().get(0).getPort();
        assertEquals(kafka.getMetadata().getName() + "-kafka-bootstrap:" + port,
                config.path("KAFKA_BOOTSTRAP_SERVERS").asText(), "Strimzi's bootstrap service, TLS listener");
        assertEquals("SASL_SSL", config.path("KAFKA_SECURITY_PROTOCOL").asText());
        assertEquals("SCRAM-SHA-512", config.path("KAFKA_SASL_MECHANISM").asText());
        Path truststore = Path.of(config.path("KAFKA_SSL_TRUSTSTORE_LOCATION").asText());
        for (String service : List.of("gateway", "ingestion", "analytics", "prediction", "segmentation")) {
            String file = service.equals("gateway") ? "gateway.yaml" : service + "-service.yaml";
            JsonNode pod = null;
            for (JsonNode d : CrdSchemas.documents(REPO.resolve("deploy/base/" + file))) {
                boolean queryOnly = d.toString().contains("{\"name\":\"ANALYTICS_ROLES\",\"value\":\"query\"}");
                if (d.path("kind").asText().equals("Deployment") && queryOnly) {
                    assertFalse(d.toString().contains("KAFKA_SASL_JAAS_CONFIG"), "the query role has no Kafka client");
                } else if (d.path("kind").asText().equals("Deployment")) {
                    pod = d.path("spec").path("template").path("spec");
                }
            }
            JsonNode container = pod.path("containers").get(0);
            JsonNode jaas = null;
            for (JsonNode env : container.path("env")) {
                if (env.path("name").asText().equals("KAFKA_SASL_JAAS_CONFIG")) {
                    jaas = env.path("valueFrom").path("secretKeyRef");
                }
            }
            if (service.equals("gateway")) {
                assertEquals(null, jaas, "the gateway uses no Kafka");
                continue;
            }
            assertNotNull(jaas, service);
            assertEquals("clv-" + service, jaas.path("name").asText(), service + " connects as its own user");
            assertTrue(users.contains(jaas.path("name").asText()), service + "'s user is declared");
            assertEquals("sasl.jaas.config", jaas.path("key").asText());
            JsonNode mount = named(container.path("volumeMounts"), "kafka-ca");
            assertEquals(truststore.getParent().toString(), mount.path("mountPath").asText(), service);
            JsonNode volume = named(pod.path("volumes"), "kafka-ca");
            assertEquals(mount.path("name").asText(), volume.path("name").asText(), service);
            assertEquals(kafka.getMetadata().getName() + "-cluster-ca-cert", volume.path("secret")
                    .path("secretName").asText(), service + " trusts the cluster's CA");
            assertEquals(truststore.getFileName().toString(), volume.path("secret").path("items").get(0)
                    .path("path").asText(), service);
        }
    }

    private static JsonNode named(JsonNode list, String name) {
        for (JsonNode item : list) {
            if (name.equals(item.path("name").asText())) {
                return item;
            }
        }
        throw new AssertionError("no " + name + " in " + list);
    }

    /** The topics the README's table says {@code group} reads. */
    static Set<String> readBy(String group) throws IOException {
        Set<String> out = new TreeSet<>();
        for (String line : Files.readAllLines(REPO.resolve("deploy/README.md"))) {
            Matcher row = TABLE_ROW.matcher(line);
            if (row.matches() && row.group(3).contains("(`" + group + "`)")) {
                out.add(row.group(1));
            }
        }
        return out;
    }

    private static void grant(Map<String, Set<String>> acls, String service, String... rules) {
        acls.computeIfAbsent(service, s -> new TreeSet<>()).addAll(List.of(rules));
    }

    private static String describe(AclRuleResource resource) {
        if (resource instanceof AclRuleTopicResource t) {
            return "topic " + t.getName() + " " + t.getPatternType().toValue();
        }
        if (resource instanceof AclRuleGroupResource g) {
            return "group " + g.getName() + " " + g.getPatternType().toValue();
        }
        throw new AssertionError("an ACL on " + resource.getType() + ": the services need topics and groups only");
    }

    static List<Object> all() throws IOException {
        List<Object> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(KAFKA)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                out.addAll(StrimziModel.read(file));
            }
        }
        return out;
    }

    private static Set<String> contractTopics() throws IllegalAccessException {
        Set<String> out = new TreeSet<>();
        for (Field f : Topics.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                out.add((String) f.get(null));
            }
        }
        return out;
    }
}
