package dev.clv.gateway.proxy;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.clv.contracts.problem.HttpProblems;
import dev.clv.contracts.problem.Problem;
import dev.clv.gateway.apikey.GatewayTokens;
import dev.clv.gateway.client.Client;
import dev.clv.gateway.config.GatewayConfig;
import dev.clv.gateway.ratelimit.BodyRows;
import dev.clv.gateway.ratelimit.Charge;
import dev.clv.gateway.ratelimit.Meter;
import dev.clv.gateway.ratelimit.Outcome;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The public API surface: every {@code /v0} and {@code /v1} request is matched against the route table, its
 * client found (a bearer token validated by quarkus-oidc before this runs, or an API key), its tenant and scope
 * checked, its cost reserved from the tenant's quota, and then streamed to its upstream with a token the upstream
 * validates again; the reservation is settled to the real cost when the exchange is over.
 */
@ApplicationScoped
public class ProxyRoutes {
    private final RouteTable routes;
    private final GatewayConfig config;
    private final ClientResolver clients;
    private final QuotaGate quotas;
    private final GatewayTokens tokens;
    private final AccessLog accessLog;
    private Upstreams upstreams;

    public ProxyRoutes(RouteTable routes, GatewayConfig config, ClientResolver clients, QuotaGate quotas,
            GatewayTokens tokens, AccessLog accessLog) {
        this.routes = routes;
        this.config = config;
        this.clients = clients;
        this.quotas = quotas;
        this.tokens = tokens;
        this.accessLog = accessLog;
    }

    void install(@Observes Router router, Vertx vertx) {
        upstreams = new Upstreams(vertx, config);
        router.route("/v0/*").handler(this::forward);
        router.route("/v1/*").handler(this::forward);
    }

    private void forward(RoutingContext rc) {
        String requestId = RequestTracing.apply(rc.request());
        rc.response().putHeader(RequestTracing.REQUEST_ID, requestId);
        accessLog.track(rc, requestId);

        // the scope is chosen by the normalized path, so the raw path an upstream sees must be the same one
        if (!rc.normalizedPath().equals(rc.request().path())) {
            HttpProblems.send(rc, Problem.of(400, "Bad Request", "The path must be in canonical form "
                    + "(no '.', '..', encoded separators or repeated slashes)."));
            return;
        }
        String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && parseLength(length) > config.maxBodySize().asLongValue()) {
            HttpProblems.send(rc, Problem.of(413, "Content Too Large",
                    "The body may be at most " + config.maxBodySize().asLongValue() + " bytes."));
            return;
        }
        var route = routes.find(rc.request().method().name(), rc.normalizedPath());
        if (route.isEmpty()) {
            HttpProblems.send(rc, Problem.of(404, "Not Found", "No public route matches this method and path."));
            return;
        }
        rc.put(AccessLog.ROUTE, route.get());
        // the token path stays synchronous: most calls carry a token, and this is the hot path
        Client tokenClient = clients.fromToken(rc);
        if (tokenClient != null) {
            tokenClient.attachTo(rc);
            authorized(rc, route.get(), tokenClient);
            return;
        }
        rc.request().pause(); // an API-key lookup may wait on the database; the body must wait with it
        Context eventLoop = Vertx.currentContext();
        // the answer may come on another thread; the request is carried on on its own event loop
        clients.fromApiKey(rc).emitOn(task -> eventLoop.runOnContext(v -> task.run())).subscribe().with(client -> {
            if (client.isEmpty()) {
                rc.response().putHeader("WWW-Authenticate", "Bearer");
                reject(rc, Problem.of(401, "Unauthorized", "A valid bearer token or X-API-Key is required."));
            } else {
                client.get().attachTo(rc);
                authorized(rc, route.get(), client.get());
            }
        }, failure -> reject(rc, Problem.of(503, "Service Unavailable", "API keys cannot be checked right now.")));
    }

    private void authorized(RoutingContext rc, RouteTable.Entry route, Client client) {
        if (client.tenant() == null) {
            reject(rc, Problem.of(403, "Forbidden", "The token carries no 'tenant' claim."));
            return;
        }
        if (!client.caller().has(route.scope())) {
            reject(rc, Problem.of(403, "Forbidden", "The credential lacks the scope '" + route.scope()
                    + "'."));
            return;
        }
        Charge charge = config.rateLimits().enabled() ? quotas.admit(rc, route.meter(), client) : null;
        if (charge != null && !charge.decision().allowed()) {
            reject(rc, quotas.refusal(rc, charge, client));
            return;
        }
        if (route.upstream().equals(RouteTable.LOCAL)) {
            if (client.viaApiKey()) {
                reject(rc, Problem.of(403, "Forbidden", "API keys are managed with an admin's bearer token; "
                        + "a key cannot make or revoke keys."));
                return;
            }
            rc.request().resume();
            rc.next();
            return;
        }
        if (client.viaApiKey()) {
            rc.request().headers().set(HttpHeaders.AUTHORIZATION, "Bearer " + tokens.tokenFor(client.apiKeyId(),
                    client.caller()));
        }
        if (rc.response().closed()) {
            // the client left while its key was looked up: nothing goes upstream, and nothing is owed
            settle(charge, new Outcome(false, 0, -1, 0));
            return;
        }
        Exchange exchange = exchange(rc, route.meter(), charge);
        rc.addEndHandler(done -> settle(charge, exchange.outcome()));
        upstreams.forward(route.upstream(), rc, exchange);
    }

    private Exchange exchange(RoutingContext rc, Meter meter, Charge charge) {
        BodyRows rows = meter == Meter.BODY_ROWS
                ? BodyRows.forContentType(rc.request().getHeader(HttpHeaders.CONTENT_TYPE))
                : null;
        // what an answer costs is known when it comes, except for counted rows, known when the request has ended
        return new Exchange(rows, config.upstreamTimeout().toMillis(),
                outcome -> settle(rows == null ? charge : null, outcome));
    }

    private static void settle(Charge charge, Outcome outcome) {
        if (charge != null) {
            charge.settle(outcome);
        }
    }

    /** Answers without reading the paused body: it is let flow again, to be discarded, so the connection lives. */
    private static void reject(RoutingContext rc, Problem problem) {
        rc.request().resume();
        HttpProblems.send(rc, problem);
    }

    private static long parseLength(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
