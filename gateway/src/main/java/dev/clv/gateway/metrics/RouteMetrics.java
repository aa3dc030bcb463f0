package dev.clv.gateway.metrics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.clv.gateway.client.Client;
import dev.clv.gateway.config.GatewayConfig;
import dev.clv.gateway.proxy.ExchangeEnd;
import dev.clv.gateway.proxy.RouteMatch;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.ext.web.RoutingContext;

/**
 * Times every proxied request by route and status class, twice: in the platform registry (exported on the management
 * port's {@code /q/metrics}, no tenant tag, so its series are bounded by the route table) and in a private registry of
 * the caller's tenant, which only {@code GET /admin/metrics} reads. Tenants are kept apart, not tagged, so that a
 * tenant's admin sees that tenant's traffic alone and the exported series do not grow with the number of tenants;
 * the private registries are bounded in number ({@code gateway.metrics.max-tenants}) and forgotten when idle.
 */
@ApplicationScoped
public class RouteMetrics {
    static final String TIMER = "gateway.route.requests";
    private static final String NO_ROUTE = "none";

    /** One tenant's timers on this replica, and when this replica started counting them. */
    record TenantMeters(MeterRegistry registry, Instant since) {
    }

    private final MeterRegistry platform;
    private final Map<String, Timer> platformTimers = new ConcurrentHashMap<>();
    private final Cache<String, TenantMeters> tenants;

    public RouteMetrics(MeterRegistry platform, GatewayConfig config) {
        this.platform = platform;
        this.tenants = Caffeine.newBuilder().maximumSize(config.metrics().maxTenants())
                .expireAfterAccess(config.metrics().forgetAfter()).build();
    }

    /** Arranges for the request to be timed once its answer has been sent. */
    public void track(RoutingContext rc) {
        long started = System.nanoTime();
        ExchangeEnd.add(rc, done -> record(rc, System.nanoTime() - started));
    }

    private void record(RoutingContext rc, long nanos) {
        RouteMatch match = RouteMatch.find(rc);
        String route = match == null ? NO_ROUTE : match.route().name();
        String status = rc.response().getStatusCode() / 100 + "xx";
        platformTimers.computeIfAbsent(route + " " + status, k -> timer(platform, route, status))
                .record(nanos, TimeUnit.NANOSECONDS);
        Client client = Client.find(rc);
        if (match != null && client != null && client.tenant() != null) {
            TenantMeters meters = tenants.get(client.tenant(),
                    t -> new TenantMeters(new SimpleMeterRegistry(), Instant.now()));
            timer(meters.registry(), route, status).record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    /** The tenant's traffic through this replica, per route; empty when it made no call here lately. */
    public TenantTraffic of(String tenant) {
        TenantMeters meters = tenants.getIfPresent(tenant);
        if (meters == null) {
            return new TenantTraffic(tenant, null, List.of());
        }
        Map<String, List<Timer>> byRoute = new TreeMap<>();
        meters.registry().find(TIMER).timers().forEach(t -> byRoute
                .computeIfAbsent(t.getId().getTag("route"), k -> new ArrayList<>()).add(t));
        return new TenantTraffic(tenant, meters.since(), byRoute.entrySet().stream()
                .map(e -> TenantTraffic.RouteTraffic.of(e.getKey(), e.getValue())).toList());
    }

    private static Timer timer(MeterRegistry registry, String route, String status) {
        return Timer.builder(TIMER).description("Requests through the gateway by route and status class")
                .tag("route", route).tag("status", status).publishPercentiles(0.5, 0.99).percentilePrecision(2)
                .register(registry);
    }
}
