package dev.clv.ingestion.ingest;

import java.nio.charset.StandardCharsets;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
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
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;

/** Behavioural event tracking: one event, or a batch of at most {@code ingestion.max-batch-events}. */
@Path("/v1/events")
@RequiresScope(Scopes.EVENTS_WRITE)
public class TrackResource {
    private final IngestService ingest;
    private final IdempotencyGuard idempotency;
    private final CallerContext callers;
    private final IngestionConfig config;

    public TrackResource(IngestService ingest, IdempotencyGuard idempotency, CallerContext callers,
            IngestionConfig config) {
        this.ingest = ingest;
        this.idempotency = idempotency;
        this.callers = callers;
        this.config = config;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Track one behavioural event", description = "customer_id, event_type, timestamp, "
            + "optional event_id (send one to make retries safe), session_id and properties.")
    @Blocking
    public Uni<Response> track(@HeaderParam(IdempotencyGuard.HEADER) String key, byte[] body) {
        String text = body == null ? "" : new String(body, StandardCharsets.UTF_8).strip();
        if (!text.startsWith("{")) {
            throw ProblemException.badRequest("body", "one event as a JSON object; use /v1/events/batch for many");
        }
        return take(key, "POST /v1/events", body, 1);
    }

    @POST
    @Path("/batch")
    @Consumes({MediaType.APPLICATION_JSON, "application/x-ndjson"})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Track many behavioural events", description = "A JSON array or NDJSON of at most "
            + "1000 events (ingestion.max-batch-events); each row is accepted or rejected on its own.")
    @Blocking
    public Uni<Response> batch(@HeaderParam(IdempotencyGuard.HEADER) String key, byte[] body) {
        return take(key, "POST /v1/events/batch", body, config.maxBatchEvents());
    }

    private Uni<Response> take(String key, String request, byte[] body, int maxRows) {
        if (body == null || body.length == 0) {
            throw ProblemException.badRequest("body", "the body is empty");
        }
        String tenant = callers.tenant();
        return idempotency.run(tenant, key, request, body, () -> Uni.createFrom().item(EventsResource.answer(
                ingest.ingest(tenant, DataSource.EVENTS, body, new IngestOptions(maxRows, true)).result())));
    }
}
