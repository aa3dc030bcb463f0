package dev.clv.gateway.proxy;

import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import dev.clv.contracts.auth.Caller;
import dev.clv.contracts.auth.IdentityMemo;
import dev.clv.gateway.apikey.ApiKeyAuthenticator;
import dev.clv.gateway.client.Client;
import dev.clv.gateway.config.GatewayConfig;
import dev.clv.gateway.config.RateLimitConfig;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * Finds the client of a request: a bearer token quarkus-oidc already validated, else an {@code X-API-Key}. The
 * tier comes from the token's tier claim, else the tenant's configured tier, else the default; a key keeps the
 * tier its creator had. Whatever the client, its calls draw from its tenant's one quota.
 */
@ApplicationScoped
public class ClientResolver {
    public static final String API_KEY_HEADER = "X-API-Key";

    private final ApiKeyAuthenticator apiKeys;
    private final RateLimitConfig limits;

    public ClientResolver(ApiKeyAuthenticator apiKeys, GatewayConfig config) {
        this.apiKeys = apiKeys;
        this.limits = config.rateLimits();
    }

    /** The client of a bearer token quarkus-oidc validated, at once; null when the request carries none. */
    public Client fromToken(RoutingContext rc) {
        if (rc.user() instanceof QuarkusHttpUser user && !user.getSecurityIdentity().isAnonymous()
                && user.getSecurityIdentity().getPrincipal() instanceof JsonWebToken token) {
            return IdentityMemo.get(user.getSecurityIdentity(), Client.class, () -> fromToken(token));
        }
        return null;
    }

    /** The client of the request's API key; empty when it has none or an unknown or revoked one. */
    public Uni<Optional<Client>> fromApiKey(RoutingContext rc) {
        String presented = rc.request().getHeader(API_KEY_HEADER);
        if (presented == null) {
            return Uni.createFrom().item(Optional.empty());
        }
        return apiKeys.authenticate(presented).map(found -> found.map(key -> new Client(
                new Caller(key.tenant(), "api-key:" + key.id(), Set.copyOf(key.scopes())),
                "key:" + key.id(), key.tier(), key.id())));
    }

    private Client fromToken(JsonWebToken token) {
        Caller caller = Caller.of(token);
        Object claimed = token.getClaim(limits.tierClaim());
        String tier = claimed != null
                ? claimed.toString().replace("\"", "")
                : caller.tenant() == null
                        ? limits.defaultTier()
                        : limits.tenantTiers().getOrDefault(caller.tenant(), limits.defaultTier());
        Object party = token.getClaim("azp");
        String who = party != null ? party.toString().replace("\"", "") : caller.subject();
        return new Client(caller, "oidc:" + caller.tenant() + ":" + who, tier, null);
    }
}
