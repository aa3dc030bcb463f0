package dev.clv.gateway.status;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.clv.contracts.problem.HttpProblems;
import dev.clv.contracts.problem.Problem;
import dev.clv.gateway.client.Client;
import dev.clv.gateway.config.GatewayConfig;
import dev.clv.gateway.proxy.ClientResolver;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /health}, the platform's status for people and old clients (seeds 001 and 002), without credentials:
 * {@code healthy} when every part is up, {@code unhealthy} when no service is ready, {@code degraded} otherwise.
 * It answers 200 whenever the gateway itself answers; probes for load balancers stay on the management port's
 * {@code /q/health}. With a valid token or API key it also names the tenant's active models.
 */
@ApplicationScoped
public class HealthRoute {
    private final PlatformProbes probes;
    private final TenantModels models;
    private final ClientResolver clients;
    private final Set<String> services;
    private final String version;

    public HealthRoute(PlatformProbes probes, TenantModels models, ClientResolver clients, GatewayConfig config,
            @ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown") String version) {
        this.probes = probes;
        this.models = models;
        this.clients = clients;
        this.services = config.upstreams().keySet();
        this.version = version;
    }

    void install(@Observes Router router) {
        router.get("/health").handler(this::health);
    }

    private void health(RoutingContext rc) {
        Future<JsonObject> tenant = caller(rc).compose(client -> client == null
                ? Future.succeededFuture(new JsonObject())
                : models.of(client, rc.request().getHeader(HttpHeaders.AUTHORIZATION))
                        .map(found -> new JsonObject().put("tenant", client.tenant()).mergeIn(found)));
        probes.parts().onComplete(parts -> tenant.onComplete(extra -> {
            if (parts.failed()) { // the gateway cannot even tell: that is its own failure
                HttpProblems.send(rc, Problem.of(503, "Service Unavailable", "The platform status cannot be "
                        + "determined right now."));
                return;
            }
            JsonObject components = new JsonObject();
            parts.result().forEach((name, part) -> components.put(name, part.toJson()));
            JsonObject answer = new JsonObject().put("status", status(parts.result())).put("version", version)
                    .put("timestamp", Instant.now().toString()).put("components", components);
            if (extra.succeeded()) {
                answer.mergeIn(extra.result());
            }
            rc.response().putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store")
                    .end(answer.encode());
        }));
    }

    /** The caller when it sent a valid token or API key; null when it sent none or an unknown key. */
    private Future<Client> caller(RoutingContext rc) {
        Client client = clients.fromToken(rc);
        if (client != null || rc.request().getHeader(ClientResolver.API_KEY_HEADER) == null) {
            return Future.succeededFuture(client);
        }
        return Future.fromCompletionStage(clients.fromApiKey(rc).subscribeAsCompletionStage(),
                rc.vertx().getOrCreateContext()).map(found -> found.orElse(null)).otherwise((Client) null);
    }

    private String status(Map<String, Component> parts) {
        if (parts.values().stream().allMatch(Component::up)) {
            return "healthy";
        }
        boolean anyService = services.stream().anyMatch(s -> parts.get(s) != null && parts.get(s).up());
        return anyService ? "degraded" : "unhealthy";
    }
}
