package dev.clv.console.view;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.JsonWebToken;

import dev.clv.console.api.PlatformApi;
import io.quarkus.oidc.IdToken;
import io.quarkus.security.identity.SecurityIdentity;

/** What every page needs of the request: who is signed in, and the API called as them. */
@RequestScoped
public class SignedIn {
    // field injection: @IdToken applies to fields and methods, not to constructor parameters
    @Inject
    SecurityIdentity identity;
    @Inject
    @IdToken
    JsonWebToken idToken;
    @Inject
    PlatformApi api;

    public Viewer viewer() {
        return Viewer.of(identity, idToken);
    }

    public PlatformApi api() {
        return api;
    }

    /** The person's id at the issuer (the token's {@code sub}; in Keycloak, their user id). */
    public String subject() {
        return idToken.getSubject();
    }
}
