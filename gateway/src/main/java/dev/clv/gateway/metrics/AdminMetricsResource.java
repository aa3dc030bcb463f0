package dev.clv.gateway.metrics;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.clv.contracts.auth.RequiresScope;
import dev.clv.contracts.auth.Scopes;
import dev.clv.gateway.client.Client;
import io.vertx.ext.web.RoutingContext;

/**
 * Seed 002's {@code GET /admin/metrics}: the caller's tenant's own traffic through this replica (never another
 * tenant's, whose volume is theirs to know); platform-wide figures are on the management port's {@code /q/metrics}.
 */
@Path("/admin/metrics")
@RequiresScope(Scopes.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Admin")
public class AdminMetricsResource {
    private final RouteMetrics metrics;
    private final RoutingContext rc;

    public AdminMetricsResource(RouteMetrics metrics, RoutingContext rc) {
        this.metrics = metrics;
        this.rc = rc;
    }

    @GET
    @Operation(summary = "Your tenant's requests through this gateway replica", description = "Per route: requests "
            + "since `since`, error_rate (5xx share), client_error_rate (4xx share), and per status class the count "
            + "and p50/p99 latency (ms) of about the last two minutes. Each replica counts its own traffic.")
    public TenantTraffic traffic() {
        return metrics.of(Client.of(rc).tenant());
    }
}
