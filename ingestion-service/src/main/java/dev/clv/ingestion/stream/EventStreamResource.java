package dev.clv.ingestion.stream;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.clv.contracts.auth.CallerContext;
import dev.clv.contracts.auth.RequiresScope;
import dev.clv.contracts.auth.Scopes;
import io.smallrye.mutiny.Multi;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /v1/events/stream}: the tenant's behavioural events as they are accepted, as Server-Sent Events
 * (docs/writing-data.md, "The live event stream"). Served on the event loop: no thread waits for a client.
 */
@Path("/v1/events/stream")
@RequiresScope(Scopes.ANALYTICS_READ)
public class EventStreamResource {
    static final String LAST_EVENT_ID = "Last-Event-ID";
    private final EventStreams streams;
    private final CallerContext callers;

    public EventStreamResource(EventStreams streams, CallerContext callers) {
        this.streams = streams;
        this.callers = callers;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Stream the tenant's behavioural events as they are accepted (Server-Sent Events)", description = "Each accepted event as 'event: customer_event', 'id: <opaque>', 'data: <one JSON object: "
            + "event_id, event_type, customer_id, timestamp, session_id, properties, ingested_at>'; a "
            + "': heartbeat' comment (with the current id) every 15 s. event_type and customer_id filter by "
            + "exact match. Resume with the Last-Event-ID header: the events missed since that id follow, "
            + "once each, preceded by 'event: reset' if some can no longer be given. 429 beyond the "
            + "tenant's open streams per replica, 503 while the replica is starting.")
    public Multi<OutboundSseEvent> stream(@QueryParam("event_type") String eventType,
            @QueryParam("customer_id") String customerId, @HeaderParam(LAST_EVENT_ID) String lastEventId,
            @Context Sse sse, @Context RoutingContext rc) {
        String tenant = callers.tenant();
        StreamConnection.Slot slot = streams.acquire(tenant);
        // however the exchange ends, even before the stream was subscribed, its place is given back
        rc.addEndHandler(ended -> slot.release());
        rc.response().putHeader("Cache-Control", "no-cache").putHeader("X-Accel-Buffering", "no");
        return streams.connect(slot, tenant, blankIsAny(eventType), blankIsAny(customerId), lastEventId)
                .map(message -> message.toSse(sse));
    }

    private static String blankIsAny(String filter) {
        return filter == null || filter.isEmpty() ? null : filter;
    }
}
