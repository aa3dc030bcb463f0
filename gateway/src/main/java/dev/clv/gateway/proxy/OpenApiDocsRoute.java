package dev.clv.gateway.proxy;

import java.net.URI;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.clv.contracts.problem.HttpProblems;
import dev.clv.contracts.problem.Problem;
import dev.clv.gateway.config.GatewayConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** Serves each upstream's OpenAPI document at {@code /openapi/{upstream}} so the gateway's Swagger UI lists them. */
@ApplicationScoped
public class OpenApiDocsRoute {
    private final GatewayConfig config;
    private HttpClient client;

    public OpenApiDocsRoute(GatewayConfig config) {
        this.config = config;
    }

    void install(@Observes Router router, Vertx vertx) {
        client = vertx.createHttpClient();
        router.get("/openapi/:upstream").handler(this::serve);
    }

    private void serve(RoutingContext rc) {
        String name = rc.pathParam("upstream");
        String base = config.upstreams().get(name);
        if (base == null) {
            HttpProblems.send(rc, Problem.of(404, "Not Found", "There is no upstream named '" + name + "'."));
            return;
        }
        URI uri = URI.create(base);
        client.request(new RequestOptions().setMethod(HttpMethod.GET).setHost(uri.getHost()).setPort(uri.getPort())
                .setURI("/q/openapi?format=json").setIdleTimeout(10_000))
                .compose(request -> request.send())
                .compose(response -> response.body().map(body -> {
                    rc.response().setStatusCode(response.statusCode()).putHeader("Content-Type", "application/json")
                            .end(body);
                    return null;
                }))
                .onFailure(failure -> HttpProblems.send(rc, Problem.of(502, "Bad Gateway",
                        "The " + name + " service could not be reached for its OpenAPI document.")));
    }
}
