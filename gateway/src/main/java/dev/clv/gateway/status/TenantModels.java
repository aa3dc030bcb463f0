package dev.clv.gateway.status;

import java.net.URI;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.clv.contracts.auth.Scopes;
import dev.clv.gateway.apikey.GatewayTokens;
import dev.clv.gateway.client.Client;
import dev.clv.gateway.config.GatewayConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A tenant's active models for {@code GET /health} (seed 001 reported its model status there): the prediction
 * service's {@code GET /v1/models}, asked with the caller's own token (or, for an API key, the token the gateway
 * signs for it), kept per tenant as long as the platform probes are.
 */
@ApplicationScoped
public class TenantModels {
    private final URI prediction;
    private final GatewayTokens tokens;
    private final long timeout;
    private final HttpClient client;
    private final Cache<String, Future<JsonObject>> remembered;

    public TenantModels(GatewayConfig config, GatewayTokens tokens, Vertx vertx) {
        this.prediction = URI.create(config.upstreams().get("prediction"));
        this.tokens = tokens;
        this.timeout = config.health().timeout().toMillis();
        this.client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout((int) timeout));
        this.remembered = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(config.health().cacheFor())
                .build();
    }

    /** {@code active_models} by type, or why they are not shown; {@code authorization} is the caller's header. */
    public Future<JsonObject> of(Client caller, String authorization) {
        if (!caller.caller().has(Scopes.PREDICTIONS_READ)) {
            return Future.succeededFuture(new JsonObject().put("active_models", "not shown: the credential lacks "
                    + "the scope 'predictions:read'"));
        }
        String bearer = caller.viaApiKey()
                ? "Bearer " + tokens.tokenFor(caller.apiKeyId(), caller.caller())
                : authorization;
        return remembered.get(caller.tenant(), tenant -> fetch(bearer));
    }

    private Future<JsonObject> fetch(String bearer) {
        return client.request(new RequestOptions().setMethod(HttpMethod.GET).setHost(prediction.getHost())
                .setPort(prediction.getPort()).setURI("/v1/models").setIdleTimeout(timeout)
                .putHeader("Authorization", bearer))
                .compose(request -> request.send())
                .compose(response -> response.body().map(body -> response.statusCode() == 200
                        ? active(body.toJsonArray())
                        : new JsonObject().put("active_models", "unavailable: the prediction service answered "
                                + response.statusCode())))
                .otherwise(e -> new JsonObject().put("active_models", "unavailable: the prediction service "
                        + "cannot be reached"));
    }

    private static JsonObject active(JsonArray models) {
        JsonObject active = new JsonObject();
        models.stream().filter(JsonObject.class::isInstance).map(JsonObject.class::cast)
                .filter(m -> "active".equals(m.getString("status")))
                .forEach(m -> active.put(m.getString("type"), new JsonObject().put("id", m.getValue("id"))
                        .put("version", m.getValue("version")).put("activated_at", m.getValue("activated_at"))));
        return new JsonObject().put("active_models", active);
    }
}
