package dev.clv.gateway.docs;

import java.util.Set;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.clv.gateway.proxy.RouteTable;
import dev.clv.gateway.ratelimit.Meter;

/**
 * Builds the platform's one public OpenAPI document from each service's own: only operations the route table
 * exposes (through the upstream that serves them) are kept, each states the scope it needs, and both ways to
 * authenticate are declared. Written here because no library merges OpenAPI documents by a route table.
 */
final class OpenApiMerger {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch",
            "head", "options");

    private final RouteTable routes;
    private final ObjectNode merged = NODES.objectNode();
    private final ObjectNode paths = NODES.objectNode();
    private final ObjectNode schemas = NODES.objectNode();
    private final ArrayNode unavailable = NODES.arrayNode();

    OpenApiMerger(RouteTable routes, String title, String issuer) {
        this.routes = routes;
        merged.put("openapi", "3.1.0");
        merged.putObject("info").put("title", title).put("version", "1")
                .put("description", "Every public route of the platform, served through the gateway. Authenticate "
                        + "with a bearer token from " + issuer + " or an X-API-Key made at POST /v1/api-keys.");
        merged.set("paths", paths);
        ObjectNode components = merged.putObject("components");
        components.set("schemas", schemas);
        ObjectNode schemes = components.putObject("securitySchemes");
        schemes.putObject("bearer").put("type", "http").put("scheme", "bearer").put("bearerFormat", "JWT")
                .put("description", "An access token from the OIDC issuer " + issuer + "; its 'scope' claim "
                        + "grants routes and its 'tenant' claim chooses the tenant.");
        schemes.putObject("apiKey").put("type", "apiKey").put("in", "header").put("name", "X-API-Key")
                .put("description", "A key made by a tenant admin at POST /v1/api-keys; it carries the scopes "
                        + "given to it.");
    }

    /** Adds one service's document; {@code upstream} is its name in the route table. */
    void add(String upstream, JsonNode document) {
        Iterator<Map.Entry<String, JsonNode>> entries = document.path("paths").fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            String probe = entry.getKey().replaceAll("\\{[^}]+}", "x");
            ObjectNode kept = NODES.objectNode();
            entry.getValue().fields().forEachRemaining(operation -> {
                if (!METHODS.contains(operation.getKey())) {
                    kept.set(operation.getKey(), operation.getValue());
                    return;
                }
                routes.find(operation.getKey().toUpperCase(), probe).filter(r -> r.upstream().equals(upstream))
                        .ifPresent(route -> kept.set(operation.getKey(), secured(operation.getValue(), route)));
            });
            if (METHODS.stream().anyMatch(kept::has)) {
                paths.set(entry.getKey(), kept);
            }
        }
        document.path("components").path("schemas").fields()
                .forEachRemaining(schema -> schemas.putIfAbsent(schema.getKey(), schema.getValue()));
    }

    void unavailable(String upstream) {
        unavailable.add(upstream);
    }

    JsonNode document() {
        if (!unavailable.isEmpty()) {
            merged.set("x-unavailable-upstreams", unavailable);
        }
        return merged;
    }

    private static ObjectNode secured(JsonNode operation, RouteTable.Entry route) {
        ObjectNode copy = operation.deepCopy();
        ArrayNode security = copy.putArray("security");
        security.addObject().putArray("bearer").add(route.scope());
        security.addObject().putArray("apiKey").add(route.scope());
        String description = copy.path("description").asText("");
        copy.put("description", (description.isEmpty() ? "" : description + "\n\n") + "Requires scope `"
                + route.scope() + "`" + (route.meter() == Meter.CALLS
                        ? "."
                        : "; each row counts against the events quota."));
        return copy;
    }
}
