package dev.clv.contracts.auth;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;

/**
 * The last step of a full verification: keeps the identity a bearer token gave in {@link VerifiedTokens}, after
 * every other augmentor, so a cached identity is exactly what verification would give again.
 */
@ApplicationScoped
public class RememberVerified implements SecurityIdentityAugmentor {
    private final VerifiedTokens tokens;

    public RememberVerified(VerifiedTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public int priority() {
        return Integer.MIN_VALUE; // augmentors run highest first: this one last
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        tokens.remember(identity);
        return Uni.createFrom().item(identity);
    }
}
