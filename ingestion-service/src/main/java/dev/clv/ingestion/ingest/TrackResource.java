package dev.clv.ingestion.ingest;

import java.nio.charset.StandardCharsets;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.clv.contracts.auth.CallerContext;
import dev.clv.contracts.auth.RequiresScope;
import dev.clv.contracts.auth.Scopes;
import dev.clv.contracts.problem.ProblemException;
import dev.clv.ingestion.DataSource;
import dev.clv.ingestion.config.IngestionConfig;
import dev.clv.ingestion.idempotency.IdempotencyGuard;
import dev.clv.ingestion.ingest.row.RowRules;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;

/**
 * Behavioural event tracking: one event, or a batch of at most {@code ingestion.max-batch-events}. An event without
 * a timestamp happened when the request was received, and the answer's {@code defaults} says so (seed 003's
 * documented call sends none); {@code /v0/events?name=events} keeps requiring it.
 */
@Path("/v1/events")
@RequiresScope(Scopes.EVENTS_WRITE)
public class TrackResource {
    private final Writes writes;
    private final CallerContext callers;
    private final IngestionConfig config;

    public TrackResource(Writes writes, CallerContext callers, IngestionConfig config) {
        this.writes = writes;
        this.callers = callers;
        this.config = config;
    }

    @POST
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Track one behavioural event", description = "customer_id, event_type, optional "
            + "timestamp (default: when the request was received, named in the answer's defaults), event_id (send "
            + "one to make retries safe), session_id and properties. wait=true answers once it is queryable.")
    @Blocking
    public Uni<Response> track(@HeaderParam(IdempotencyGuard.HEADER) String key, @QueryParam("wait") boolean wait,
            byte[] body) {
        String text = body == null ? "" : new String(body, StandardCharsets.UTF_8).strip();
        if (!text.startsWith("{")) {
            throw ProblemException.badRequest("body", "one event as a JSON object; use /v1/events/batch for many");
        }
        return take(key, "POST /v1/events", body, 1, wait);
    }

    @POST
    @Path("/batch")
    @Consumes({MediaType.APPLICATION_JSON, "application/x-ndjson", MediaType.WILDCARD})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Track many behavioural events", description = "A JSON array or NDJSON of at most "
            + "1000 events (ingestion.max-batch-events); each row is accepted or rejected on its own, and a missing "
            + "timestamp is the time the request was received.")
    @Blocking
    public Uni<Response> batch(@HeaderParam(IdempotencyGuard.HEADER) String key, @QueryParam("wait") boolean wait,
            byte[] body) {
        return take(key, "POST /v1/events/batch", body, config.maxBatchEvents(), wait);
    }

    private Uni<Response> take(String key, String request, byte[] body, int maxRows, boolean wait) {
        if (body == null || body.length == 0) {
            throw ProblemException.badRequest("body", "the body is empty");
        }
        return writes.take(callers.tenant(), key, wait ? request + "?wait=true" : request, body, DataSource.EVENTS,
                new IngestOptions(maxRows, true, RowRules.TRACKING), wait);
    }
}
