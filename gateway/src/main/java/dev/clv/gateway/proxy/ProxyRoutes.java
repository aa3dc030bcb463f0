package dev.clv.gateway.proxy;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.clv.contracts.problem.HttpProblems;
import dev.clv.contracts.problem.Problem;
import dev.clv.gateway.apikey.GatewayTokens;
import dev.clv.gateway.audit.AuditTrail;
import dev.clv.gateway.client.Client;
import dev.clv.gateway.config.GatewayConfig;
import dev.clv.gateway.credentials.UrlToken;
import dev.clv.gateway.metrics.RouteMetrics;
import dev.clv.gateway.ratelimit.Charge;
import dev.clv.gateway.ratelimit.Outcome;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The public API surface: every request under a first path segment the route table knows ({@code /v0}, {@code /v1},
 * {@code /admin}, the aliases' old paths) is matched against the table (an alias continues as its canonical path), its
 * client found (a bearer token validated by quarkus-oidc before this runs, or an API key), its tenant and scope
 * checked, its cost reserved from the tenant's quota, and then streamed to its upstream with a token the upstream
 * validates again; the reservation is settled to the real cost when the exchange is over. A streaming route's call
 * also takes one of its tenant's stream slots, given back when the stream ends.
 */
@ApplicationScoped
public class ProxyRoutes {
    /** First path segments the gateway serves itself, which the route table may not take. */
    private static final Set<String> GATEWAY_PATHS = Set.of("health", "openapi", "openapi.json", "openapi.yaml",
            "docs", "redoc", "q", "app");
    /** The {@code Retry-After} of a refused stream: streams end when their clients leave, which no one can tell. */
    private static final long STREAM_RETRY_SECONDS = 10;
    private final RouteTable routes;
    private final GatewayConfig config;
    private final ClientResolver clients;
    private final QuotaGate quotas;
    private final GatewayTokens tokens;
    private final AccessLog accessLog;
    private final RouteMetrics metrics;
    private final AuditTrail audit;
    private final StreamSlots streams;
    private Upstreams upstreams;

    public ProxyRoutes(RouteTable routes, GatewayConfig config, ClientResolver clients, QuotaGate quotas,
            GatewayTokens tokens, AccessLog accessLog, RouteMetrics metrics, AuditTrail audit, StreamSlots streams) {
        this.routes = routes;
        this.config = config;
        this.clients = clients;
        this.quotas = quotas;
        this.tokens = tokens;
        this.accessLog = accessLog;
        this.metrics = metrics;
        this.audit = audit;
        this.streams = streams;
    }

    void install(@Observes Router router, Vertx vertx) {
        upstreams = new Upstreams(vertx, config);
        if (config.consoleUrl().isPresent()) {
            new ConsolePassThrough(config, upstreams, accessLog).install(router);
        }
        for (String segment : routes.firstSegments()) {
            if (segment.contains("*") || GATEWAY_PATHS.contains(segment)) {
                throw new IllegalStateException("routes.yaml may not take /" + segment + ": the gateway serves it");
            }
            router.route("/" + segment + "/*").handler(this::forward);
        }
    }

    private void forward(RoutingContext rc) {
        String requestId = RequestTracing.apply(rc.request());
        rc.response().putHeader(RequestTracing.REQUEST_ID, requestId);
        accessLog.track(rc, requestId);
        metrics.track(rc);
        audit.track(rc, requestId);

        if (!acceptable(rc, config)) {
            return;
        }
        var route = routes.resolve(rc.request().method().name(), rc.normalizedPath());
        if (route.isEmpty()) {
            HttpProblems.send(rc, Problem.of(404, "Not Found", "No public route matches this method and path."));
            return;
        }
        route.get().attachTo(rc);
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

    private void authorized(RoutingContext rc, RouteMatch match, Client client) {
        RouteTable.Entry route = match.route();
        if (client.tenant() == null) {
            reject(rc, Problem.of(403, "Forbidden", "The token carries no 'tenant' claim."));
            return;
        }
        if (!client.caller().has(route.scope())) {
            reject(rc, Problem.of(403, "Forbidden", "The credential lacks the scope '" + route.scope()
                    + "'."));
            return;
        }
        if (route.streaming() && !openStream(rc, client)) {
            return;
        }
        if (!config.rateLimits().enabled()) {
            admitted(rc, match, client, null);
            return;
        }
        quotas.recheckIfStale(rc, route.meter(), client, quotas.admit(rc, route.meter(), client), charge -> {
            if (!charge.allowed()) {
                reject(rc, quotas.refusal(rc, charge, client));
            } else {
                admitted(rc, match, client, charge);
            }
        });
    }

    /** Forwards a call its quota let in ({@code charge} null when quotas are off). */
    private void admitted(RoutingContext rc, RouteMatch match, Client client, Charge charge) {
        RouteTable.Entry route = match.route();
        if (route.upstream().equals(RouteTable.LOCAL)) {
            if (client.viaApiKey()) {
                reject(rc, Problem.of(403, "Forbidden", "The gateway's own routes (API keys, admin metrics, audit "
                        + "log) take an admin's bearer token: a key cannot make or revoke keys, nor read the metrics."));
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
            Exchange.settle(charge, new Outcome(false, 0, -1, 0));
            return;
        }
        Exchange exchange = Exchange.of(rc, route.meter(), charge, config.upstreamTimeout().toMillis());
        // an alias's canonical path, and never a token in the URL (seed 000's ?token= was read already)
        String uri = UrlToken.uri(match.upstreamPath(), rc.request().query());
        upstreams.forward(route.upstream(), rc, exchange, uri, route.streaming());
    }

    /**
     * Lets a stream in when it can be carried: an HTTP/1.1 (or later) client, since the proxy would collect a whole
     * answer for an HTTP/1.0 client, which has no chunked transfer; and a stream slot of its tenant, taken until the
     * exchange ends. Checked before the quota, so a refused stream costs nothing.
     */
    private boolean openStream(RoutingContext rc, Client client) {
        if (rc.request().version() == HttpVersion.HTTP_1_0) {
            reject(rc, Problem.of(400, "Bad Request", "A stream needs HTTP/1.1 or later."));
            return false;
        }
        if (rc.response().closed()) {
            return false; // the client left while its key was looked up: nothing to carry, nothing owed
        }
        StreamSlots.Refusal refusal = streams.acquire(client.tenant());
        if (refusal == StreamSlots.Refusal.TENANT) {
            rc.response().putHeader("Retry-After", Long.toString(STREAM_RETRY_SECONDS));
            reject(rc, Problem.of(429, "Too Many Requests", "This tenant already has " + streams.maxPerTenant()
                    + " streams open through this gateway, the most it may; close one first."));
            return false;
        }
        if (refusal == StreamSlots.Refusal.TOTAL) {
            rc.response().putHeader("Retry-After", Long.toString(STREAM_RETRY_SECONDS));
            reject(rc, Problem.of(503, "Service Unavailable", "This gateway carries " + streams.maxTotal()
                    + " streams, the most it may; retry later."));
            return false;
        }
        // once, when the answer ends or the connection closes, whoever ends it
        ExchangeEnd.add(rc, done -> streams.release(client.tenant()));
        return true;
    }

    /**
     * Whether the request's path is canonical and its declared body within the limit; if not, it has been answered
     * (400, 413). The scope is chosen by the normalized path, so the raw path an upstream sees must be the same one.
     */
    static boolean acceptable(RoutingContext rc, GatewayConfig config) {
        if (!rc.normalizedPath().equals(rc.request().path())) {
            HttpProblems.send(rc, Problem.of(400, "Bad Request", "The path must be in canonical form "
                    + "(no '.', '..', encoded separators or repeated slashes)."));
            return false;
        }
        String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && parseLength(length) > config.maxBodySize().asLongValue()) {
            HttpProblems.send(rc, Problem.of(413, "Content Too Large",
                    "The body may be at most " + config.maxBodySize().asLongValue() + " bytes."));
            return false;
        }
        return true;
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
