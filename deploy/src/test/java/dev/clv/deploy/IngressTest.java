package dev.clv.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** The ingress: valid, TLS on every host with a certificate for it, and the gateway the only way into the platform. */
class IngressTest {
    private static final Path REPO = Path.of(System.getProperty("clv.repo.root"));

    @Test
    void everyHostHasTlsAndOnlyTheGatewayAndTheLoginsAreReachable() throws IOException {
        List<JsonNode> docs = CrdSchemas.documents(REPO.resolve("deploy/base/ingress/ingress.yaml"));
        KubernetesDefinitions kubernetes = new KubernetesDefinitions();
        CrdSchemas crds = new CrdSchemas(REPO.resolve("deploy/crds"));
        Map<String, Set<String>> certified = new TreeMap<>(); // secret -> DNS names
        for (JsonNode doc : docs) {
            if (doc.path("kind").asText().equals("Certificate")) {
                assertEquals(List.of(), crds.problems(doc), doc.path("metadata").path("name").asText());
                Set<String> names = new TreeSet<>();
                doc.path("spec").path("dnsNames").forEach(n -> names.add(n.asText()));
                certified.put(doc.path("spec").path("secretName").asText(), names);
            }
        }
        String keycloakHost = CrdSchemas.documents(REPO.resolve("deploy/base/keycloak/keycloak.yaml")).get(0)
                .path("spec").path("hostname").path("hostname").asText().replace("https://", "");
        Set<String> backends = new TreeSet<>();
        Set<String> hosts = new TreeSet<>();
        for (JsonNode ingress : docs) {
            if (!ingress.path("kind").asText().equals("Ingress")) {
                continue;
            }
            assertEquals(List.of(), kubernetes.problems(ingress), ingress.path("metadata").path("name").asText());
            Map<String, String> tls = new TreeMap<>();
            ingress.path("spec").path("tls").forEach(t -> t.path("hosts").forEach(h -> tls.put(h.asText(),
                    t.path("secretName").asText())));
            for (JsonNode rule : ingress.path("spec").path("rules")) {
                String host = rule.path("host").asText();
                hosts.add(host);
                assertTrue(tls.containsKey(host), host + " is served over TLS");
                assertTrue(certified.getOrDefault(tls.get(host), Set.of()).contains(host), host + "'s certificate");
                rule.path("http").path("paths").forEach(p -> backends.add(p.path("backend").path("service")
                        .path("name").asText()));
            }
        }
        assertEquals(Set.of("gateway", "clv-keycloak-service"), backends, "the front door and the logins only");
        assertTrue(hosts.contains(keycloakHost), "Keycloak's configured hostname is routed to it");
        String issuer = CrdSchemas.documents(REPO.resolve("deploy/base/platform-config.yaml")).get(0).path("data")
                .path("OIDC_ISSUER_URL").asText();
        assertEquals("https://" + keycloakHost + "/realms/clv", issuer, "the iss the services check");
    }
}
