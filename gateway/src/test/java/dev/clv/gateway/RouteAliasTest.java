package dev.clv.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.clv.gateway.proxy.RouteFile;
import dev.clv.gateway.proxy.RouteMatch;
import dev.clv.gateway.proxy.RouteTable;
import dev.clv.gateway.ratelimit.Meter;

/** The aliases of routes.yaml resolved by the route table: the canonical route's scope and meter, by rewrite. */
class RouteAliasTest {
    private static final RouteTable TABLE = new RouteTable(RouteFile.load(), Set.of("ingestion", "analytics",
            "prediction", "segmentation"));

    private static RouteMatch resolve(String method, String path) {
        return TABLE.resolve(method, path).orElseThrow(() -> new AssertionError(method + " " + path));
    }

    @Test
    void anAliasContinuesAsItsCanonicalPathWithThatRoutesScopeUpstreamAndMeter() {
        RouteMatch train = resolve("POST", "/train/xgboost");
        assertEquals("/v1/models/xgboost/train", train.upstreamPath());
        assertEquals("models:write", train.route().scope());
        assertEquals("prediction", train.route().upstream());
        assertEquals(Meter.BODY_ROWS, resolve("POST", "/predict/batch").route().meter());
        assertEquals("/v1/predict", resolve("POST", "/predict").upstreamPath());
        assertEquals(Meter.SAMPLE_DATA, resolve("POST", "/generate-sample-data").route().meter());
        assertEquals("/v1/sample-data", resolve("POST", "/generate-sample-data").upstreamPath());
        assertEquals("/v1/marketing/churn-risk-customers", resolve("GET", "/marketing/churn-risk-customers")
                .upstreamPath());
        assertEquals("/v1/analytics/customer-profiles", resolve("GET", "/analytics/customer-profiles")
                .upstreamPath());
        // the alias's methods bound it: the old API had no writes there
        assertTrue(TABLE.resolve("DELETE", "/marketing/churn-risk-customers").isEmpty());
    }

    @Test
    void oneAliasCarriesEveryV1RouteWithTheScopeOfTheRouteItReaches() {
        assertEquals("analytics:read", resolve("GET", "/customer-analytics/v1/customers/c1").route().scope());
        assertEquals("segments:read", resolve("GET", "/customer-analytics/v1/customers/c1/segments").route()
                .scope());
        RouteMatch write = resolve("POST", "/customer-analytics/v1/events");
        assertEquals("events:write", write.route().scope());
        assertEquals(Meter.EVENTS, write.route().meter());
        assertEquals("/v1/events", write.upstreamPath());
        assertTrue(write.alias() != null && resolve("POST", "/v1/events").alias() == null);
        // the gateway's own routes are served by the path the client sent: not through an alias
        assertTrue(TABLE.resolve("GET", "/customer-analytics/v1/api-keys").isEmpty());
    }

    @Test
    void anAliasThatCouldDisagreeWithItsRouteOrDropASegmentStopsTheStart() {
        assertRefused(new RouteFile.Route("/old", List.of(), "admin", null, null, "/v1/segments", false),
                "states a scope");
        assertRefused(new RouteFile.Route("/old", List.of(), null, null, "events", "/v1/events", false),
                "states a scope");
        assertRefused(new RouteFile.Route("/old/*", List.of(), null, null, null, "/v1/segments", false),
                "does not use {1}");
        assertRefused(new RouteFile.Route("/old/*", List.of(), null, null, null, "/v1/{2}", false), "does not use {1}");
        assertRefused(new RouteFile.Route("/old/*/*", List.of(), null, null, null, "/v1/{1}/{2}/{3}", false),
                "uses {3}");
        assertRefused(new RouteFile.Route("/old", List.of(), null, null, null, "v1/segments", false),
                "must start with /");
        assertRefused(new RouteFile.Route("/old", List.of(), null, null, null, "/v1/x{1}", false), "neither a plain");
    }

    private static void assertRefused(RouteFile.Route alias, String why) {
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> new RouteTable(
                new RouteFile(List.of(alias), List.of()), Set.of("segmentation")));
        assertTrue(refused.getMessage().contains(why), refused.getMessage());
    }
}
