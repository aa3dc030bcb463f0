package dev.clv.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.schema.validator.Validator;

/** The network policies: valid (by the schema Fabric8's validator skips), deny by default, and open only as documented. */
class NetworkPoliciesTest {
    private static final Path REPO = Path.of(System.getProperty("clv.repo.root"));
    private static final Set<String> SERVICES = Set.of("gateway", "ingestion-service", "analytics-service",
            "prediction-service", "segmentation-service", "console");
    private static KubernetesDefinitions schema;
    private static List<JsonNode> policies;

    @BeforeAll
    static void read() throws IOException {
        schema = new KubernetesDefinitions();
        policies = CrdSchemas.documents(REPO.resolve("deploy/base/network-policies.yaml"));
    }

    @Test
    void everyPolicyIsValid() {
        assertTrue(policies.size() >= 10);
        for (JsonNode policy : policies) {
            assertEquals(List.of(), schema.problems(policy), policy.path("metadata").path("name").asText());
        }
    }

    @Test
    void aBrokenPolicyIsCaughtHereThoughFabric8sValidatorLetsItThrough() throws Exception {
        JsonNode broken = CrdSchemas.documents(Path.of(getClass().getResource("/broken-network-policy.yaml")
                .toURI())).get(0);
        // the reason for the second path: the validator skips every *.k8s.io group by its name
        assertFalse(Validator.newInstance().validate(broken).hasErrors());
        String problems = String.join("\n", schema.problems(broken));
        assertTrue(problems.contains("podSelecter"), problems);
        assertTrue(problems.contains("/spec/ingress"), problems);
    }

    @Test
    void everythingIsDeniedUnlessAllowedAndOnlyTheGatewayFacesTheIngress() {
        JsonNode deny = policies.stream().filter(p -> p.path("spec").path("podSelector").isEmpty()
                && p.path("spec").path("podSelector").isObject()).findFirst().orElseThrow();
        assertEquals("[\"Ingress\"]", deny.path("spec").path("policyTypes").toString());
        assertTrue(deny.path("spec").path("ingress").isMissingNode(), "no rule: nothing admitted");
        Set<String> facingIngress = new TreeSet<>();
        Set<String> egressIsolated = new TreeSet<>();
        for (JsonNode p : policies) {
            Set<String> selected = services(p.path("spec").path("podSelector"));
            for (JsonNode rule : p.path("spec").path("ingress")) {
                if (rule.toString().contains("ingress-nginx")) {
                    facingIngress.addAll(selected);
                }
            }
            if (p.path("spec").path("policyTypes").toString().contains("Egress")) {
                egressIsolated.addAll(selected);
            }
            for (JsonNode rule : p.path("spec").path("egress")) {
                for (JsonNode to : rule.path("to")) {
                    if (to.has("ipBlock")) {
                        // the internet: only segmentation's webhooks, never a private, shared or loopback range
                        assertEquals(Set.of("segmentation-service"), selected, p.path("metadata").toString());
                        assertEquals("0.0.0.0/0", to.path("ipBlock").path("cidr").asText());
                        Set<String> except = new TreeSet<>();
                        to.path("ipBlock").path("except").forEach(e -> except.add(e.asText()));
                        assertTrue(except.containsAll(Set.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16",
                                "169.254.0.0/16", "127.0.0.0/8", "100.64.0.0/10")), except.toString());
                    }
                }
            }
        }
        assertEquals(Set.of("gateway"), facingIngress,
                "of the platform's services, only the gateway (not the console)");
        assertEquals(SERVICES, egressIsolated, "every service's egress is isolated");
    }

    @Test
    void analyticsProjectionPodsAnswerNoRequestAndItsQueryPodsUseNoKafka() throws IOException {
        Map<String, JsonNode> pods = new TreeMap<>(); // Deployment name -> its pods' labels
        for (String file : List.of("gateway", "ingestion-service", "analytics-service", "prediction-service",
                "segmentation-service", "console")) {
            for (JsonNode d : CrdSchemas.documents(REPO.resolve("deploy/base/" + file + ".yaml"))) {
                if (d.path("kind").asText().equals("Deployment")) {
                    pods.put(d.path("metadata").path("name").asText(), d.path("spec").path("template")
                            .path("metadata").path("labels"));
                }
            }
        }
        // who may call each Deployment's pods on 8080
        Map<String, Set<String>> callers = new TreeMap<>();
        Map<String, Boolean> kafka = new TreeMap<>();
        for (String target : pods.keySet()) {
            callers.put(target, new TreeSet<>());
            kafka.put(target, false);
            for (JsonNode p : policies) {
                if (!selects(p.path("spec").path("podSelector"), pods.get(target))) {
                    continue;
                }
                for (JsonNode rule : p.path("spec").path("ingress")) {
                    if (rule.path("ports").toString().contains("8080")) {
                        for (JsonNode from : rule.path("from")) {
                            pods.forEach((caller, labels) -> {
                                if (from.has("podSelector") && !from.has("namespaceSelector") && selects(from.path(
                                        "podSelector"), labels)) {
                                    callers.get(target).add(caller);
                                }
                            });
                        }
                    }
                }
                for (JsonNode rule : p.path("spec").path("egress")) {
                    kafka.put(target, kafka.get(target) || rule.toString().contains("strimzi.io/cluster"));
                }
            }
        }
        assertEquals(Set.of(), callers.get("analytics-projection"), "projection pods take no request");
        assertEquals(Set.of("gateway", "prediction-service"), callers.get("analytics-query"));
        assertEquals(Set.of("gateway"), callers.get("segmentation-service"));
        assertFalse(kafka.get("analytics-query"), "query pods have no Kafka credentials and no way to Kafka");
        assertTrue(kafka.get("analytics-projection"));
        assertTrue(kafka.get("ingestion-service"));
        assertFalse(kafka.get("gateway"));
        // the console: behind the gateway only, calling the API back through it; no Kafka (its data is in PostgreSQL)
        assertEquals(Set.of("gateway"), callers.get("console"));
        assertEquals(Set.of("console"), callers.get("gateway"), "of the platform's pods, only the console");
        assertFalse(kafka.get("console"));
    }

    @Test
    void theConsoleReachesTheGatewayTheIssuerAndItsDatabaseButNoBroker() {
        ObjectMapper json = new ObjectMapper();
        JsonNode console = json.createObjectNode().put("app.kubernetes.io/name", "console");
        Map<String, JsonNode> targets = new TreeMap<>(); // what the console may reach, by the pods' own labels
        targets.put("gateway", json.createObjectNode().put("app.kubernetes.io/name", "gateway"));
        targets.put("postgres", json.createObjectNode().put("cnpg.io/cluster", "clv-db"));
        targets.put("pooler", json.createObjectNode().put("cnpg.io/poolerName", "clv-db-pooler-rw"));
        Set<String> reaches = new TreeSet<>();
        for (JsonNode p : policies) {
            if (!selects(p.path("spec").path("podSelector"), console)) {
                continue;
            }
            for (JsonNode rule : p.path("spec").path("egress")) {
                for (JsonNode to : rule.path("to")) {
                    String where = to.toString();
                    for (Map.Entry<String, JsonNode> target : targets.entrySet()) {
                        if (to.has("podSelector") && !to.has("namespaceSelector") && selects(to.path("podSelector"),
                                target.getValue())) {
                            where = target.getKey();
                        }
                    }
                    String named = where;
                    rule.path("ports").forEach(port -> reaches.add(named + ":" + port.path("port").asText()));
                }
            }
        }
        assertTrue(reaches.contains("gateway:8080"), reaches.toString());
        assertTrue(reaches.stream().anyMatch(r -> r.contains("\"app\":\"keycloak\"") && r.endsWith(":8443")),
                reaches.toString());
        assertTrue(reaches.stream().anyMatch(r -> r.contains("ingress-nginx") && r.endsWith(":443")), reaches
                .toString());
        // its own schema (scheduled reports): Flyway directly, its pool through the pooler, as every service
        assertTrue(reaches.containsAll(Set.of("postgres:5432", "pooler:5432")), reaches.toString());
        assertFalse(reaches.toString().contains("strimzi.io"), "the console uses no Kafka: " + reaches);
        // and the database's side admits it
        for (String side : List.of("postgres", "pooler")) {
            boolean admitted = false;
            for (JsonNode p : policies) {
                if (!selects(p.path("spec").path("podSelector"), targets.get(side))) {
                    continue;
                }
                for (JsonNode rule : p.path("spec").path("ingress")) {
                    boolean port = rule.path("ports").toString().contains("5432");
                    for (JsonNode from : rule.path("from")) {
                        admitted |= port && from.has("podSelector") && !from.has("namespaceSelector") && selects(from
                                .path("podSelector"), console);
                    }
                }
            }
            assertTrue(admitted, side + " admits the console on 5432");
        }
    }

    /** Whether a label selector (matchLabels, and In, NotIn, Exists, DoesNotExist expressions) selects these labels. */
    static boolean selects(JsonNode selector, JsonNode labels) {
        for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) selector
                .path("matchLabels")::fields) {
            if (!e.getValue().equals(labels.path(e.getKey()))) {
                return false;
            }
        }
        for (JsonNode e : selector.path("matchExpressions")) {
            JsonNode value = labels.path(e.path("key").asText());
            boolean listed = false;
            for (JsonNode v : e.path("values")) {
                listed |= v.equals(value);
            }
            boolean ok = switch (e.path("operator").asText()) {
                case "In" -> listed;
                case "NotIn" -> !listed;
                case "Exists" -> !value.isMissingNode();
                case "DoesNotExist" -> value.isMissingNode();
                default -> throw new IllegalArgumentException(e.toString());
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** The platform services a pod selector selects (by app.kubernetes.io/name). */
    private static Set<String> services(JsonNode selector) {
        Set<String> out = new TreeSet<>();
        String byLabel = selector.path("matchLabels").path("app.kubernetes.io/name").asText(null);
        if (byLabel != null) {
            out.add(byLabel);
        }
        for (JsonNode e : selector.path("matchExpressions")) {
            if (e.path("key").asText().equals("app.kubernetes.io/name") && e.path("operator").asText().equals("In")) {
                e.path("values").forEach(v -> out.add(v.asText()));
            }
        }
        out.retainAll(SERVICES);
        return out;
    }
}
