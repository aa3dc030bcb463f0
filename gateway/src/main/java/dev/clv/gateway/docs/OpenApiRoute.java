package dev.clv.gateway.docs;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import dev.clv.gateway.config.GatewayConfig;
import dev.clv.gateway.proxy.RouteTable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Serves the aggregated OpenAPI document at {@code /openapi} (JSON; YAML with {@code ?format=yaml}, an
 * {@code Accept} of YAML, or {@code /openapi.yaml}), rebuilt from the services' own documents at most once a
 * minute, or every few seconds while one of them cannot be reached.
 */
@ApplicationScoped
public class OpenApiRoute {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLMapper YAML = new YAMLMapper();

    private record Cached(JsonNode document, long until) {
    }

    private final GatewayConfig config;
    private final RouteTable routes;
    private final String issuer;
    private HttpClient client;
    private volatile Cached cached;

    public OpenApiRoute(GatewayConfig config, RouteTable routes,
            @ConfigProperty(name = "quarkus.oidc.auth-server-url") String issuer) {
        this.config = config;
        this.routes = routes;
        this.issuer = issuer;
    }

    void install(@Observes Router router, Vertx vertx) {
        client = vertx.createHttpClient();
        router.get("/openapi").handler(rc -> serve(rc, wantsYaml(rc)));
        router.get("/openapi.json").handler(rc -> serve(rc, false));
        router.get("/openapi.yaml").handler(rc -> serve(rc, true));
    }

    private static boolean wantsYaml(RoutingContext rc) {
        String accept = rc.request().getHeader("Accept");
        return "yaml".equals(rc.request().getParam("format")) || (accept != null && accept.contains("yaml"));
    }

    private void serve(RoutingContext rc, boolean yaml) {
        Cached current = cached;
        Future<JsonNode> document = current != null && current.until() > System.currentTimeMillis()
                ? Future.succeededFuture(current.document())
                : build(rc.request().localAddress().port());
        document.onSuccess(doc -> {
            try {
                rc.response().putHeader("Content-Type", yaml ? "application/yaml" : "application/json")
                        .end(yaml ? YAML.writeValueAsString(doc) : JSON.writeValueAsString(doc));
            } catch (Exception e) {
                rc.fail(e);
            }
        }).onFailure(rc::fail);
    }

    private Future<JsonNode> build(int ownPort) {
        Map<String, URI> sources = new LinkedHashMap<>();
        sources.put(RouteTable.LOCAL, URI.create("http://localhost:" + ownPort));
        config.upstreams().forEach((name, url) -> sources.put(name, URI.create(url)));
        List<Future<JsonNode>> fetches = new ArrayList<>();
        sources.values().forEach(uri -> fetches.add(fetch(uri)));
        return Future.join(fetches).transform(done -> {
            OpenApiMerger merger = new OpenApiMerger(routes, "CLV platform API", issuer);
            int i = 0;
            for (String name : sources.keySet()) {
                Future<JsonNode> fetched = fetches.get(i++);
                if (fetched.succeeded()) {
                    merger.add(name, fetched.result());
                } else {
                    merger.unavailable(name);
                }
            }
            JsonNode doc = merger.document();
            long ttl = doc.has("x-unavailable-upstreams") ? 5_000 : 60_000;
            cached = new Cached(doc, System.currentTimeMillis() + ttl);
            return Future.succeededFuture(doc);
        });
    }

    private Future<JsonNode> fetch(URI base) {
        return client.request(new RequestOptions().setMethod(HttpMethod.GET).setHost(base.getHost())
                .setPort(base.getPort()).setURI("/q/openapi?format=json").setIdleTimeout(5_000))
                .compose(request -> request.send())
                .compose(response -> response.statusCode() == 200
                        ? response.body()
                        : Future.failedFuture("status " + response.statusCode()))
                .map(OpenApiRoute::parse);
    }

    private static JsonNode parse(Buffer body) {
        try {
            return JSON.readTree(body.getBytes());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("not an OpenAPI document", e);
        }
    }
}
