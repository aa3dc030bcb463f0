package dev.clv.contracts.auth;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import dev.clv.contracts.problem.ProblemException;
import io.quarkus.security.identity.SecurityIdentity;

/** Gives resources the current {@link Caller}; the scope filter has already vetted it for the route. */
@ApplicationScoped
public class CallerContext {
    private final SecurityIdentity identity;

    public CallerContext(SecurityIdentity identity) {
        this.identity = identity;
    }

    public Caller current() {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            throw ProblemException.unauthorized("A valid bearer token is required.");
        }
        Caller caller = IdentityMemo.get(identity, Caller.class, () -> Caller.of(token));
        if (caller.tenant() == null) {
            throw ProblemException.forbidden("The token carries no 'tenant' claim.");
        }
        return caller;
    }

    /** The caller's own bearer token, for calls made on their behalf to another service. */
    public String bearerToken() {
        current();
        return ((JsonWebToken) identity.getPrincipal()).getRawToken();
    }

    public String tenant() {
        return current().tenant();
    }
}
