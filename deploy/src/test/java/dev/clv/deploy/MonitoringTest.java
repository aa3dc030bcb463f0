package dev.clv.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
 * deploy/monitoring: every platform pod scraped on a port it has, the alerts the issue of record asks for (lag, error
 * rate, p99, dead letters, webhook failures, snapshot age) each with a severity, a summary, a description and the
 * services whose metrics it reads, and a dashboard per service whose every query is scoped to the platform. That
 * each service publishes the metrics its alerts and dashboard read is checked in the service's own tests
 * (MonitoredMetrics in test-support), against its real /q/metrics.
 */
class MonitoringTest {
    private static final Path DEPLOY = Path.of(System.getProperty("clv.repo.root")).resolve("deploy");
    private static final Set<String> SERVICES = Set.of("gateway", "ingestion-service", "analytics-service",
            "prediction-service", "segmentation-service", "console");
    private static List<ObjectNode> monitoring;
    private static List<ObjectNode> base;

    @BeforeAll
    static void render() throws IOException {
        monitoring = Kustomize.render(DEPLOY.resolve("monitoring"));
        base = Kustomize.render(DEPLOY.resolve("base"));
    }

    @Test
    void everyPlatformPodIsScrapedOnAPortItHas() throws IOException {
        Set<String> scraped = new TreeSet<>();
        for (ObjectNode monitor : ofKind(monitoring, "PodMonitor")) {
            JsonNode selector = monitor.path("spec").path("selector");
            for (ObjectNode d : ofKind(base, "Deployment")) {
                JsonNode labels = d.path("spec").path("template").path("metadata").path("labels");
                if (!NetworkPoliciesTest.selects(selector, labels)) {
                    continue;
                }
                scraped.add(d.path("metadata").path("name").asText());
                // Quarkus serves its metrics under the HTTP root path (the console's /app)
                String root = ManifestsTest.rootPath(labels.path("app.kubernetes.io/name").asText());
                Set<String> ports = new TreeSet<>();
                d.findValues("ports").forEach(list -> list.forEach(p -> ports.add(p.path("name").asText())));
                for (JsonNode endpoint : monitor.path("spec").path("podMetricsEndpoints")) {
                    assertTrue(ports.contains(endpoint.path("port").asText()), d.path("metadata").path("name")
                            + " has no port " + endpoint.path("port"));
                    assertEquals(root + "/q/metrics", endpoint.path("path").asText(), d.path("metadata").path("name")
                            .asText());
                }
            }
        }
        Set<String> deployments = new TreeSet<>();
        ofKind(base, "Deployment").forEach(d -> deployments.add(d.path("metadata").path("name").asText()));
        assertEquals(deployments, scraped, "every Deployment's pods are scraped");
    }

    @Test
    void theAlertsCoverThePipelineAndSayWhatTheyRead() {
        Set<String> alerts = new TreeSet<>();
        for (ObjectNode rule : ofKind(monitoring, "PrometheusRule")) {
            for (JsonNode r : rule.findValues("rules").stream().flatMap(list -> stream(list)).toList()) {
                String name = r.path("alert").asText();
                alerts.add(name);
                assertTrue(Set.of("warning", "critical").contains(r.path("labels").path("severity").asText()), name);
                assertFalse(r.path("annotations").path("summary").asText().isBlank(), name);
                assertFalse(r.path("annotations").path("description").asText().isBlank(), name);
                Set<String> exposedBy = words(r.path("annotations").path("exposed-by").asText());
                assertTrue(SERVICES.containsAll(exposedBy), name + ": " + exposedBy);
                assertScoped(name, r.path("expr").asText());
            }
        }
        for (String needed : List.of("ClvConsumerLagHigh", "ClvHighErrorRate", "ClvSlowRequests", "ClvDeadLetters",
                "ClvWebhookFailures", "ClvAnswerSnapshotsStale")) {
            assertTrue(alerts.contains(needed), needed);
        }
    }

    @Test
    void everyServiceHasADashboardOfScopedQueries() throws IOException {
        Set<String> uids = new TreeSet<>();
        Set<String> dashboards = new TreeSet<>();
        for (ObjectNode map : ofKind(monitoring, "ConfigMap")) {
            assertEquals("1", map.path("metadata").path("labels").path("grafana_dashboard").asText());
            for (Map.Entry<String, JsonNode> file : (Iterable<Map.Entry<String, JsonNode>>) map.path("data")::fields) {
                JsonNode dashboard = new ObjectMapper().readTree(file.getValue().asText());
                String service = file.getKey().replace(".json", "");
                dashboards.add(service);
                assertTrue(uids.add(dashboard.path("uid").asText()), "uid " + dashboard.path("uid"));
                assertTrue(dashboard.path("panels").size() >= 6, service);
                for (JsonNode target : dashboard.findValues("targets").stream().flatMap(t -> stream(t)).toList()) {
                    String expr = target.path("expr").asText();
                    assertTrue(expr.contains("service=\"" + service + "\""), service + ": " + expr);
                    assertScoped(service, expr);
                }
            }
        }
        assertEquals(SERVICES, dashboards);
    }

    /** Every metric a query reads is selected in the platform's namespace (no other namespace's series mix in). */
    private static void assertScoped(String where, String expr) {
        Matcher m = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\{([^}]*)}").matcher(expr);
        int selectors = 0;
        while (m.find()) {
            selectors++;
            assertTrue(m.group(2).contains("namespace=\"clv\""), where + ": " + m.group());
        }
        assertTrue(selectors > 0, where + ": no selector in " + expr);
    }

    private static java.util.stream.Stream<JsonNode> stream(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false);
    }

    private static Set<String> words(String text) {
        Set<String> out = new TreeSet<>();
        for (String w : text.trim().split(" +")) {
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
        return out;
    }

    private static List<ObjectNode> ofKind(List<ObjectNode> objects, String kind) {
        return objects.stream().filter(o -> o.path("kind").asText().equals(kind)).toList();
    }
}
