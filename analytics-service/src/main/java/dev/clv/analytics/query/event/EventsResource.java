package dev.clv.analytics.query.event;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.clv.analytics.query.answer.AnswerParams;
import dev.clv.analytics.query.answer.ApiAnswer;
import dev.clv.analytics.query.answer.ProjectionStatus;
import dev.clv.contracts.auth.CallerContext;
import dev.clv.contracts.auth.RequiresScope;
import dev.clv.contracts.auth.Scopes;
import dev.clv.contracts.tenant.TenantSettingsResolver;
import io.smallrye.mutiny.Uni;

/** The tenant's behavioural events, filtered and cursor-paged, in the Customer Analytics API's shape (seed 003). */
@Path("/v1/events")
@RequiresScope(Scopes.ANALYTICS_READ)
@Produces(MediaType.APPLICATION_JSON)
public class EventsResource {
    private final EventRepository events;
    private final CallerContext callers;
    private final ProjectionStatus status;
    private final TenantSettingsResolver tenants;

    public EventsResource(EventRepository events, CallerContext callers, ProjectionStatus status,
            TenantSettingsResolver tenants) {
        this.events = events;
        this.callers = callers;
        this.status = status;
        this.tenants = tenants;
    }

    @GET
    @Operation(summary = "List behavioural events, newest first", description = "Filters, all combinable: "
            + "customer_id, event_type, from and to (inclusive: YYYY-MM-DD or 'YYYY-MM-DD HH:MM:SS' in the tenant's "
            + "time zone, or ISO-8601 with an offset), properties.KEY=VALUE (a top-level property equal to VALUE as "
            + "a string, or as a number or boolean when VALUE is written as one; repeat a key for any of several "
            + "values; at most 10 keys). limit 1..1000 (100); cursor: the next_cursor of the previous page.")
    public Uni<ApiAnswer<List<EventItem>>> list(@Context UriInfo uri) {
        String tenant = callers.tenant();
        EventQuery query = EventQuery.of(new AnswerParams(uri.getQueryParameters(), tenants.of(tenant)
                .timeZone()));
        return Uni.combine().all().unis(events.page(tenant, query), status.of(tenant)).with((page, asOf) -> ApiAnswer
                .of("Events retrieved", page.events(), page.events().size(), page.nextCursor(), asOf));
    }
}
