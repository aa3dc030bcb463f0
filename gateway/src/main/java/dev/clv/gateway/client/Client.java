package dev.clv.gateway.client;

import java.util.UUID;

import dev.clv.contracts.auth.Caller;
import dev.clv.contracts.problem.ProblemException;
import io.vertx.ext.web.RoutingContext;

/**
 * Who is calling through the gateway: the caller (tenant and scopes), the id the access log names it by, its tier
 * (the size of its tenant's quota), and the id of the API key it used, if it used one instead of a bearer token.
 */
public record Client(Caller caller, String id, String tier, UUID apiKeyId) {
    private static final String KEY = "clv.client";

    public String tenant() {
        return caller.tenant();
    }

    /** Whether the call came with an API key rather than a bearer token. */
    public boolean viaApiKey() {
        return apiKeyId != null;
    }

    /** Records the authenticated client on the request, for the routes and resources behind the gateway. */
    public void attachTo(RoutingContext rc) {
        rc.put(KEY, this);
    }

    /** The client of this request if it has been authenticated yet, else null (the access log of a refusal). */
    public static Client find(RoutingContext rc) {
        return rc.get(KEY);
    }

    /** The client the gateway authenticated for this request; resources behind the gateway read it here. */
    public static Client of(RoutingContext rc) {
        Client client = rc.get(KEY);
        if (client == null) {
            throw ProblemException.unauthorized("A valid bearer token or API key is required.");
        }
        return client;
    }
}
