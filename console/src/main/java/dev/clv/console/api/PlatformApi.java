package dev.clv.console.api;

import java.net.URI;

import jakarta.enterprise.context.RequestScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.clv.console.ConsoleConfig;
import io.quarkus.oidc.AccessTokenCredential;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;

/**
 * The platform's public API through the gateway, called with the signed-in user's own access token: every scope
 * check, tenant rule, quota and audit entry applies to the person as to any API client. The console holds no
 * credential of its own for the API.
 */
@RequestScoped
public class PlatformApi {
    /** Reads the API's answers; amounts stay exact decimals, never doubles. */
    public static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(com.fasterxml.jackson.databind.node.JsonNodeFactory.withExactBigDecimals(true));
    private final WebClient client;
    private final URI gateway;
    private final long timeoutMillis;
    private final AccessTokenCredential token;

    public PlatformApi(Clients clients, ConsoleConfig config, AccessTokenCredential token) {
        this.client = clients.web();
        this.gateway = URI.create(config.gatewayUrl());
        this.timeoutMillis = config.apiTimeout().toMillis();
        this.token = token;
    }

    /** GETs {@code pathAndQuery} (e.g. {@code /v1/reports/revenue?start_date=…}) and answers its JSON. */
    public Uni<JsonNode> get(String pathAndQuery) {
        // a 503 is the tenant's heavy answers all busy (its other users and clients share them): asked again
        // twice, a quarter and half a second later, before the page says so
        return client.getAbs(gateway.resolve(pathAndQuery).toString()).timeout(timeoutMillis)
                .bearerTokenAuthentication(token.getToken()).send().onFailure().transform(this::unreachable)
                .map(PlatformApi::json)
                .onFailure(e -> e instanceof ApiException a && a.status() == 503).retry()
                .withBackOff(java.time.Duration.ofMillis(250), java.time.Duration.ofMillis(500)).atMost(2);
    }

    /** PATCHes {@code path} with a JSON merge patch and answers the API's JSON answer. */
    public Uni<JsonNode> patch(String path, JsonNode mergePatch) {
        return client.patchAbs(gateway.resolve(path).toString()).timeout(timeoutMillis)
                .bearerTokenAuthentication(token.getToken())
                .putHeader("Content-Type", "application/merge-patch+json")
                .sendBuffer(io.vertx.mutiny.core.buffer.Buffer.buffer(mergePatch.toString()))
                .onFailure().transform(this::unreachable).map(PlatformApi::json);
    }

    /** POSTs {@code body} (JSON; null for none) to {@code path} and answers the API's JSON answer. */
    public Uni<JsonNode> post(String path, String body) {
        var request = client.postAbs(gateway.resolve(path).toString()).timeout(timeoutMillis)
                .bearerTokenAuthentication(token.getToken());
        return (body == null
                ? request.send()
                : request.putHeader("Content-Type", "application/json").sendBuffer(
                        io.vertx.mutiny.core.buffer.Buffer.buffer(body)))
                .onFailure().transform(this::unreachable).map(PlatformApi::json);
    }

    /** DELETEs {@code path}; fails with the API's refusal like the other calls. */
    public Uni<JsonNode> delete(String path) {
        return client.deleteAbs(gateway.resolve(path).toString()).timeout(timeoutMillis)
                .bearerTokenAuthentication(token.getToken()).send().onFailure().transform(this::unreachable)
                .map(PlatformApi::json);
    }

    // no answer at all (the console's own timeout, a refused or reset connection) is named as such: a 504 when the
    // platform took longer than console.api-timeout, else a 502, never a bare 500
    private Throwable unreachable(Throwable e) {
        if (e instanceof java.util.concurrent.TimeoutException) {
            return new ApiException(504, "The platform did not answer within " + timeoutMillis / 1000 + " s "
                    + "(console.api-timeout). Try a shorter range, or again later.");
        }
        return new ApiException(502, "The platform could not be reached (" + e.getClass().getSimpleName() + ").");
    }

    private static JsonNode json(HttpResponse<io.vertx.mutiny.core.buffer.Buffer> r) {
        JsonNode body;
        try {
            body = r.body() == null ? JSON.nullNode() : JSON.readTree(r.body().getBytes());
        } catch (java.io.IOException e) {
            throw new ApiException(502, "The platform answered something that is not JSON.");
        }
        if (r.statusCode() / 100 != 2) {
            String detail = body.path("detail").asText(body.path("title").asText("HTTP " + r.statusCode()));
            for (JsonNode error : body.path("errors")) {
                detail += " " + error.path("field").asText() + ": " + error.path("message").asText(error.path(
                        "reason").asText()) + ".";
            }
            throw new ApiException(r.statusCode(), detail);
        }
        return body;
    }

    /** The one pooled web client of the console, shared by every request. */
    @jakarta.enterprise.context.ApplicationScoped
    public static class Clients {
        private final WebClient web;

        public Clients(Vertx vertx) {
            this.web = WebClient.create(vertx);
        }

        public WebClient web() {
            return web;
        }
    }
}
