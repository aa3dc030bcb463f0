package dev.clv.gateway.status;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.clv.gateway.config.GatewayConfig;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Asks every part of the platform how it is, for {@code GET /health}: each service's readiness (on its main port),
 * the gateway's own PostgreSQL, the OIDC issuer's discovery document, Kafka as the ingestion service's readiness
 * sees it, and the analytics projection's consumers as the analytics readiness lists them. One round of probes
 * answers every call for {@code gateway.health.cache-for}, and concurrent calls share the round in flight, so
 * {@code /health} asks each part at most once per interval however often it is called.
 */
@ApplicationScoped
public class PlatformProbes {
    private record Cached(Future<Map<String, Component>> parts, long until) {
    }

    private final GatewayConfig config;
    private final Pool pool;
    private final String issuer;
    private final Readiness readiness;
    private final AtomicReference<Cached> cached = new AtomicReference<>();

    public PlatformProbes(GatewayConfig config, Pool pool, Vertx vertx,
            @ConfigProperty(name = "quarkus.oidc.auth-server-url") String issuer) {
        this.config = config;
        this.pool = pool;
        this.issuer = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        long timeout = config.health().timeout().toMillis();
        this.readiness = new Readiness(vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) timeout).setMaxPoolSize(8)), timeout);
    }

    /** The parts, by name, from the current round of probes (a new round once the last one is too old). */
    public Future<Map<String, Component>> parts() {
        long now = System.currentTimeMillis();
        Cached current = cached.get();
        if (current != null && current.until() > now) {
            return current.parts();
        }
        Promise<Map<String, Component>> round = Promise.promise();
        Cached next = new Cached(round.future(), now + config.health().cacheFor().toMillis());
        if (!cached.compareAndSet(current, next)) {
            return cached.get().parts(); // another call started this round
        }
        probe().onComplete(round);
        return round.future();
    }

    private Future<Map<String, Component>> probe() {
        Map<String, Future<JsonObject>> services = new LinkedHashMap<>();
        new TreeMap<>(config.upstreams()).forEach((name, url) -> services.put(name,
                readiness.of(url + "/q/health/ready")));
        Future<Component> database = Future.fromCompletionStage(pool.query("SELECT 1").execute()
                .ifNoItem().after(config.health().timeout()).fail().subscribeAsCompletionStage())
                .map(rows -> Component.of(Component.UP))
                .otherwise(e -> Component.of(Component.UNREACHABLE));
        Future<Component> oidc = readiness.reachable(issuer + "/.well-known/openid-configuration");
        List<Future<?>> all = new ArrayList<>(services.values());
        all.add(database);
        all.add(oidc);
        return Future.join(all).transform(done -> {
            Map<String, Component> parts = new LinkedHashMap<>();
            parts.put("gateway", Component.of(Component.UP)); // it is answering this
            services.forEach((name, answer) -> parts.put(name, Readiness.service(answer)));
            parts.put("postgresql", database.result());
            parts.put("kafka", Readiness.check(service(services, "ingestion"), "kafka", "ingestion readiness"));
            Component keycloak = oidc.result();
            keycloak.details().put("issuer", issuer);
            parts.put("keycloak", keycloak);
            parts.put("projection", Readiness.projection(service(services, "analytics")));
            return Future.succeededFuture(parts);
        });
    }

    private static Future<JsonObject> service(Map<String, Future<JsonObject>> services, String name) {
        return services.getOrDefault(name, Future.failedFuture(name + " is not configured"));
    }
}
