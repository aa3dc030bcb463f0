package dev.clv.gateway.proxy;

import dev.clv.contracts.auth.Caller;
import dev.clv.contracts.problem.ProblemException;
import dev.clv.gateway.apikey.ApiKey;
import io.vertx.ext.web.RoutingContext;

/**
 * Who is calling through the gateway: the caller (tenant and scopes), the id its quota is kept under, its tier,
 * and the API key it used, if it used one instead of a bearer token.
 */
public record Client(Caller caller, String id, String tier, ApiKey apiKey) {
    static final String KEY = "clv.client";

    public String tenant() {
        return caller.tenant();
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
