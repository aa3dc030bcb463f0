package dev.clv.gateway.proxy;

import java.util.List;

import dev.clv.gateway.config.GatewayConfig;
import dev.clv.gateway.ratelimit.Meter;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code /app/*}: the web console behind the one front door. No credential is checked here (the console logs its
 * users in with Keycloak and calls the API through this gateway with each user's own token, so every scope, tenant
 * rule and quota applies to people there). The gateway still strips the identity headers a client made up and any
 * {@code Authorization} or forwarding header it sent, and tells the console the public scheme and host it was
 * reached at ({@code X-Forwarded-Proto}, {@code X-Forwarded-Host}), from which the console builds its login
 * redirect.
 */
final class ConsolePassThrough {
    static final String UPSTREAM = "console";
    static final String PREFIX = "/app";
    private static final List<String> CLIENT_FORWARDING = List.of("Forwarded", "X-Forwarded-For",
            "X-Forwarded-Host", "X-Forwarded-Proto", "X-Forwarded-Port", "X-Forwarded-Prefix",
            HttpHeaders.AUTHORIZATION.toString());

    private final GatewayConfig config;
    private final Upstreams upstreams;
    private final AccessLog accessLog;

    ConsolePassThrough(GatewayConfig config, Upstreams upstreams, AccessLog accessLog) {
        this.config = config;
        this.upstreams = upstreams;
        this.accessLog = accessLog;
    }

    void install(Router router) {
        // Vert.x matches "/app" for "/app/" too: only the bare prefix is redirected
        router.route(PREFIX).handler(rc -> {
            if (rc.request().path().equals(PREFIX)) {
                rc.response().setStatusCode(302).putHeader(HttpHeaders.LOCATION, PREFIX + "/").end();
            } else {
                rc.next();
            }
        });
        router.route(PREFIX + "/*").handler(this::forward);
    }

    private void forward(RoutingContext rc) {
        String requestId = RequestTracing.apply(rc.request());
        rc.response().putHeader(RequestTracing.REQUEST_ID, requestId);
        accessLog.track(rc, requestId);
        if (!ProxyRoutes.acceptable(rc, config)) {
            return;
        }
        var headers = rc.request().headers();
        CLIENT_FORWARDING.forEach(headers::remove);
        headers.set("X-Forwarded-Proto", rc.request().scheme());
        headers.set("X-Forwarded-Host", rc.request().authority().toString());
        Exchange exchange = Exchange.of(rc, Meter.CALLS, null, config.upstreamTimeout().toMillis());
        upstreams.forward(UPSTREAM, rc, exchange, rc.request().uri(), false);
    }
}
