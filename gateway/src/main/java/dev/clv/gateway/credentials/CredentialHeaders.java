package dev.clv.gateway.credentials;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.clv.contracts.problem.HttpProblems;
import dev.clv.contracts.problem.Problem;
import dev.clv.gateway.apikey.ApiKeyAuthenticator;
import dev.clv.gateway.proxy.ClientResolver;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.quarkus.vertx.http.runtime.security.SecurityHandlerPriorities;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * Puts the credentials older clients send where the gateway reads them, before authentication runs: an API key sent
 * as {@code Authorization: Bearer clv_…} becomes {@code X-API-Key} (so it is never taken for a token), and on
 * {@code /v0/*} a {@code ?token=} becomes the bearer token (or the API key) when no credential header came. The
 * query parameter itself never goes further: {@link UrlToken} takes it out of the URL the upstream sees.
 */
@ApplicationScoped
public class CredentialHeaders {
    private static final String BEARER = "Bearer ";
    // after CORS (whose preflights need no credential), before authentication reads the Authorization header
    private static final int PRIORITY = (SecurityHandlerPriorities.CORS + SecurityHandlerPriorities.AUTHENTICATION) / 2;

    void register(@Observes Filters filters) {
        filters.register(this::normalize, PRIORITY);
    }

    void normalize(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        String apiKey = request.getHeader(ClientResolver.API_KEY_HEADER);
        if (authorization != null) {
            String bearer = bearerValue(authorization);
            if (bearer != null && bearer.startsWith(ApiKeyAuthenticator.PREFIX)) {
                if (apiKey != null && !apiKey.equals(bearer)) {
                    HttpProblems.send(rc, Problem.of(400, "Bad Request", "Two different API keys were sent; send "
                            + "one, as X-API-Key or as the bearer value."));
                    return;
                }
                request.headers().remove(HttpHeaders.AUTHORIZATION);
                request.headers().set(ClientResolver.API_KEY_HEADER, bearer);
            }
        } else if (apiKey == null && rc.normalizedPath().startsWith("/v0/")) {
            String token = UrlToken.of(request);
            if (token != null && token.startsWith(ApiKeyAuthenticator.PREFIX)) {
                request.headers().set(ClientResolver.API_KEY_HEADER, token);
            } else if (token != null) {
                request.headers().set(HttpHeaders.AUTHORIZATION, BEARER + token);
            }
        }
        rc.next();
    }

    /** The value of a {@code Bearer} authorization (the scheme is case-insensitive), else null. */
    private static String bearerValue(String authorization) {
        if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        return authorization.substring(BEARER.length()).strip();
    }
}
