package dev.clv.console.schedule;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.JsonNode;

import dev.clv.console.api.PlatformApi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.MultiMap;
import io.vertx.mutiny.ext.web.client.WebClient;

/**
 * A schedule's owner's offline token turned into an access token when their report runs (Keycloak's refresh-token
 * grant, as the console's client): the API then sees the owner, with the roles and tenant they hold at that moment.
 * A person disabled or whose offline session was revoked has their reports fail, named, instead of run.
 */
@ApplicationScoped
public class OfflineTokens {
    private final WebClient web;
    private final String endpoint;
    private final String clientId;
    private final String secret;

    public OfflineTokens(PlatformApi.Clients clients,
            @ConfigProperty(name = "quarkus.oidc.auth-server-url") String issuer,
            @ConfigProperty(name = "quarkus.oidc.client-id") String clientId,
            @ConfigProperty(name = "quarkus.oidc.credentials.secret") String secret) {
        this.web = clients.web();
        this.endpoint = issuer + "/protocol/openid-connect/token";
        this.clientId = clientId;
        this.secret = secret;
    }

    /** The access token and the (possibly rotated) offline token. */
    public record Tokens(String access, String offline) {
    }

    public Uni<Tokens> access(String offline) {
        MultiMap form = MultiMap.caseInsensitiveMultiMap().add("grant_type", "refresh_token")
                .add("refresh_token", offline).add("client_id", clientId).add("client_secret", secret);
        return web.postAbs(endpoint).timeout(10_000).sendForm(form).map(r -> {
            JsonNode body = r.bodyAsJson(JsonNode.class);
            if (r.statusCode() != 200) {
                throw new IllegalStateException("Keycloak would not run the report as its owner any more: "
                        + body.path("error_description").asText(body.path("error").asText("HTTP " + r.statusCode()))
                        + ". Its owner must sign in and schedule it again.");
            }
            return new Tokens(body.path("access_token").asText(), body.path("refresh_token").asText(offline));
        });
    }

    /** Whether a refresh token is an offline one (Keycloak's {@code typ} claim), read without checking it. */
    static boolean offline(String refreshToken) {
        String[] parts = refreshToken == null ? new String[0] : refreshToken.split("\\.");
        if (parts.length < 2) {
            return false;
        }
        try {
            JsonNode claims = PlatformApi.JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[1]),
                    StandardCharsets.UTF_8));
            return "Offline".equals(claims.path("typ").asText());
        } catch (java.io.IOException | IllegalArgumentException e) {
            return false;
        }
    }
}
