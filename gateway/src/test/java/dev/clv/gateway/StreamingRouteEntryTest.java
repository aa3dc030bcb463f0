package dev.clv.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.clv.gateway.proxy.RouteFile;
import dev.clv.gateway.proxy.RouteMatch;
import dev.clv.gateway.proxy.RouteTable;

/** The {@code streaming} attribute of routes.yaml: read, carried by aliases to it, refused where it cannot hold. */
class StreamingRouteEntryTest {
    private static final Set<String> UPSTREAMS = Set.of("ingestion", "analytics", "prediction", "segmentation");

    @Test
    void theEventStreamTakesItsPathBeforeTheEventsReadRouteAndIsTheOnlyStream() {
        RouteTable table = new RouteTable(RouteFile.load(), UPSTREAMS);
        RouteMatch stream = table.resolve("GET", "/v1/events/stream").orElseThrow();
        assertTrue(stream.route().streaming());
        assertEquals("ingestion", stream.route().upstream());
        assertEquals("analytics:read", stream.route().scope());
        RouteMatch events = table.resolve("GET", "/v1/events").orElseThrow();
        assertFalse(events.route().streaming());
        assertEquals("analytics", events.route().upstream());
        // the old base path reaches the stream as its canonical route, streaming included
        RouteMatch old = table.resolve("GET", "/customer-analytics/v1/events/stream").orElseThrow();
        assertTrue(old.route().streaming());
        assertEquals("/v1/events/stream", old.upstreamPath());
        assertEquals(List.of("/v1/events/stream"), table.entries().stream().filter(RouteTable.Entry::streaming)
                .map(RouteTable.Entry::path).toList());
    }

    @Test
    void aStreamingAliasAGatewayStreamOrAMeteredStreamStopsTheStart() {
        assertRefused(new RouteFile.Route("/old", List.of(), null, null, null, "/v1/events", true), "states a scope");
        assertRefused(new RouteFile.Route("/v1/audit", List.of("GET"), "admin", "gateway", null, null, true),
                "must lead to a service's upstream");
        assertRefused(new RouteFile.Route("/v1/events", List.of("POST"), "events:write", "ingestion", "events", null,
                true), "cost one call");
    }

    private static void assertRefused(RouteFile.Route route, String why) {
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> new RouteTable(
                new RouteFile(List.of(route), List.of()), UPSTREAMS));
        assertTrue(refused.getMessage().contains(why), refused.getMessage());
    }
}
