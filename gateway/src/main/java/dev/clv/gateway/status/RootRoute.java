package dev.clv.gateway.status;

import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.clv.gateway.proxy.RouteTable;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/**
 * {@code GET /}, what the platform is and what it offers (seed 001's API information), without credentials: the
 * public routes of the route table with their methods and scopes, the aliases that carry older clients' paths to
 * them, and where the documents are. Built once: the route table does not change while the gateway runs.
 */
@ApplicationScoped
public class RootRoute {
    private final String index;

    public RootRoute(RouteTable routes,
            @ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown") String version) {
        JsonArray endpoints = new JsonArray()
                .add(endpoint(List.of("GET"), "/health", null))
                .add(endpoint(List.of("GET"), "/openapi", null))
                .add(endpoint(List.of("GET"), "/docs", null))
                .add(endpoint(List.of("GET"), "/redoc", null));
        routes.entries().forEach(e -> endpoints.add(endpoint(e.methods(), e.path(), e.scope())));
        JsonArray aliases = new JsonArray();
        routes.aliases().forEach(a -> aliases.add(endpoint(a.methods(), a.path(), null).put("rewrite",
                a.rewrite())));
        this.index = new JsonObject().put("name", "CLV platform").put("version", version)
                .put("description", "Customer analytics and customer-lifetime-value API. Authenticate with a bearer "
                        + "token (OIDC) or an API key (X-API-Key); each endpoint names the scope it needs, and a "
                        + "path is a prefix of the operations under it.")
                .put("docs", "/docs").put("redoc", "/redoc").put("openapi", "/openapi").put("health", "/health")
                .put("endpoints", endpoints).put("aliases", aliases).encodePrettily();
    }

    void install(@Observes Router router) {
        router.get("/").handler(rc -> rc.response().putHeader("Content-Type", "application/json").end(index));
    }

    /** {@code methods} empty: every method; {@code scope} null: no credential needed. */
    private static JsonObject endpoint(Collection<String> methods, String path, String scope) {
        return new JsonObject().put("methods", new JsonArray(methods.isEmpty()
                ? List.of("*")
                : List.copyOf(new TreeSet<>(methods)))).put("path", path).put("scope", scope);
    }
}
