package dev.clv.analytics.query.snapshot;

import java.net.URI;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.clv.analytics.query.answer.AnswerParams;
import dev.clv.analytics.query.answer.ApiAnswer;
import dev.clv.contracts.auth.CallerContext;
import dev.clv.contracts.auth.RequiresScope;
import dev.clv.contracts.auth.Scopes;
import io.smallrye.mutiny.Uni;

/** The caller tenant's snapshot refresh on demand, and its status (seed 002's {@code /admin/refresh-data}). */
@Path("/v1/admin/refresh-data")
@RequiresScope(Scopes.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class RefreshDataResource {
    private final SnapshotRequests requests;
    private final CallerContext callers;

    public RefreshDataResource(SnapshotRequests requests, CallerContext callers) {
        this.requests = requests;
        this.callers = callers;
    }

    @POST
    @Operation(summary = "Refresh the tenant's answer snapshots now", description = "force_refresh=true (default "
            + "false) refreshes at once, whatever moved; false only when the background refresh would (the data "
            + "moved, the day changed, the quiet period is over). 202 with a Location of the status when a refresh "
            + "started or is running, 200 when none was needed.")
    public Uni<Response> refresh(@Context UriInfo uri) {
        String tenant = callers.tenant();
        Boolean force = new AnswerParams(uri.getQueryParameters()).bool("force_refresh");
        return requests.request(tenant, Boolean.TRUE.equals(force)).map(r -> {
            ApiAnswer<RefreshStatus> body = ApiAnswer.of(r.started() ? "Refresh started" : "No refresh needed",
                    r.status(), 1, null, null);
            return r.started()
                    ? Response.accepted(body).location(URI.create(RefreshStatus.URL)).build()
                    : Response.ok(body).build();
        });
    }

    @GET
    @Path("/status")
    @Operation(summary = "Where the tenant's snapshot refreshes stand", description = "state (running, pending, "
            + "failed, idle), the last completed refresh (start, end, duration), the last on-demand request and "
            + "whether the snapshots reflect every projected row.")
    public Uni<ApiAnswer<RefreshStatus>> status() {
        return requests.status(callers.tenant()).map(s -> ApiAnswer.of("Refresh status", s, 1, null, null));
    }
}
