package dev.clv.contracts.auth;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * Runs before quarkus-oidc's mechanism: a bearer token verified here before and not expired gives its identity at
 * once; any other request (no token, an unknown or expired one) is left to quarkus-oidc, which verifies it in full,
 * and {@link RememberVerified} keeps what it accepts. Refusals are never cached, so a bad token costs a full check
 * every time, as before.
 */
@ApplicationScoped
public class CachedBearerMechanism implements HttpAuthenticationMechanism {
    private static final String BEARER = "bearer ";
    // larger than any token a real issuer makes; longer headers are left to quarkus-oidc uncached
    private static final int MAX_TOKEN = 16 * 1024;
    private final VerifiedTokens tokens;

    public CachedBearerMechanism(VerifiedTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        String header = context.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || header.length() <= BEARER.length() || header.length() > MAX_TOKEN
                || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Uni.createFrom().nullItem();
        }
        return Uni.createFrom().item(tokens.find(header.substring(BEARER.length()).strip()));
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().nullItem(); // quarkus-oidc's mechanism answers the challenge
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(TokenAuthenticationRequest.class);
    }

    @Override
    public int getPriority() {
        return DEFAULT_PRIORITY + 100;
    }
}
