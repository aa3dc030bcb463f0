package dev.clv.gateway.proxy;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.jwt.JsonWebToken;

import dev.clv.contracts.auth.Caller;
import dev.clv.contracts.problem.HttpProblems;
import dev.clv.contracts.problem.Problem;
import dev.clv.gateway.config.GatewayConfig;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.httpproxy.HttpProxy;

/**
 * The public API surface: every {@code /v0} and {@code /v1} request is matched against the route table, checked
 * for a valid token (validated by quarkus-oidc before this runs), a tenant and the route's scope, then streamed
 * to its upstream with the original Authorization header, which the upstream validates again.
 */
@ApplicationScoped
public class ProxyRoutes {
    static final String REQUEST_ID = "X-Request-Id";
    private static final Pattern VALID_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private final RouteTable routes;
    private final GatewayConfig config;
    private final Map<String, HttpProxy> proxies = new HashMap<>();

    public ProxyRoutes(RouteTable routes, GatewayConfig config) {
        this.routes = routes;
        this.config = config;
    }

    void install(@Observes Router router, Vertx vertx) {
        HttpClient client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) config.connectTimeout().toMillis())
                .setMaxPoolSize(64).setKeepAlive(true));
        config.upstreams().forEach((name, url) -> {
            URI uri = URI.create(url);
            SocketAddress address = SocketAddress.inetSocketAddress(uri.getPort(), uri.getHost());
            long timeout = config.upstreamTimeout().toMillis();
            HttpProxy proxy = HttpProxy.reverseProxy(client)
                    .originRequestProvider((request, c) -> c.request(new RequestOptions().setServer(address)
                            .setIdleTimeout(timeout)))
                    .addInterceptor(new UpstreamInterceptor(name, config.strippedHeaders()));
            proxies.put(name, proxy);
        });
        router.route("/v0/*").handler(this::forward);
        router.route("/v1/*").handler(this::forward);
    }

    private void forward(RoutingContext rc) {
        String requestId = rc.request().getHeader(REQUEST_ID);
        if (requestId == null || !VALID_REQUEST_ID.matcher(requestId).matches()) {
            requestId = UUID.randomUUID().toString();
            rc.request().headers().set(REQUEST_ID, requestId);
        }
        rc.response().putHeader(REQUEST_ID, requestId);

        // the scope is chosen by the normalized path, so the raw path an upstream sees must be the same one
        if (!rc.normalizedPath().equals(rc.request().path())) {
            HttpProblems.send(rc, Problem.of(400, "Bad Request", "The path must be in canonical form "
                    + "(no '.', '..', encoded separators or repeated slashes)."));
            return;
        }
        var route = routes.find(rc.request().method().name(), rc.normalizedPath());
        if (route.isEmpty()) {
            HttpProblems.send(rc, Problem.of(404, "Not Found", "No public route matches this method and path."));
            return;
        }
        if (!(rc.user() instanceof QuarkusHttpUser user) || user.getSecurityIdentity().isAnonymous()
                || !(user.getSecurityIdentity().getPrincipal() instanceof JsonWebToken token)) {
            rc.response().putHeader("WWW-Authenticate", "Bearer");
            HttpProblems.send(rc, Problem.of(401, "Unauthorized", "A valid bearer token is required."));
            return;
        }
        Caller caller = Caller.of(token);
        if (caller.tenant() == null) {
            HttpProblems.send(rc, Problem.of(403, "Forbidden", "The token carries no 'tenant' claim."));
            return;
        }
        if (!caller.has(route.get().scope())) {
            HttpProblems.send(rc, Problem.of(403, "Forbidden",
                    "The token lacks the scope '" + route.get().scope() + "'."));
            return;
        }
        proxies.get(route.get().upstream()).handle(rc.request());
    }
}
