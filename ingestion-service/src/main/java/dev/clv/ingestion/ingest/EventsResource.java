package dev.clv.ingestion.ingest;

import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

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
 * The Tinybird-compatible Events API: rows of one data source as JSON, a JSON array or NDJSON. Like Tinybird it
 * reads the body as JSON whatever its Content-Type says: its documented {@code curl -d '{…}'} sends
 * {@code application/x-www-form-urlencoded}.
 */
@Path("/v0/events")
@RequiresScope(Scopes.EVENTS_WRITE)
public class EventsResource {
    private final Writes writes;
    private final ProjectionWatcher watcher;
    private final CallerContext callers;
    private final IngestionConfig config;

    public EventsResource(Writes writes, ProjectionWatcher watcher, CallerContext callers, IngestionConfig config) {
        this.writes = writes;
        this.watcher = watcher;
        this.callers = callers;
        this.config = config;
    }

    @POST
    @Consumes({MediaType.APPLICATION_JSON, "application/x-ndjson", MediaType.TEXT_PLAIN, MediaType.WILDCARD})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Append rows to a data source", description = "202 once Kafka has acknowledged every "
            + "accepted row; with wait=true, 200 once the rows are queryable (202 with queryable=false and a "
            + "status_url if that takes longer than the configured bound). Idempotency-Key makes retries safe.")
    @Blocking
    public Uni<Response> append(@QueryParam("name") String name, @QueryParam("wait") boolean wait,
            @HeaderParam(IdempotencyGuard.HEADER) String key, @Context UriInfo uri, byte[] body) {
        if (name == null || name.isBlank()) {
            throw ProblemException.badRequest("name", "required: the data source (" + DataSource.names() + ")");
        }
        DataSource source = DataSource.byApiName(name).orElseThrow(() -> ProblemException.badRequest("name",
                "unknown data source '" + name + "'; one of " + DataSource.names()));
        if (body == null || body.length == 0) {
            throw ProblemException.badRequest("body", "the body is empty");
        }
        return writes.take(callers.tenant(), key, "POST " + uri.getRequestUri().getRawPath() + "?" + name + "&"
                + wait, body, source, new IngestOptions(config.maxRows(), true, RowRules.STRICT), wait);
    }

    @GET
    @Path("/status/{token}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Whether rows accepted earlier are queryable yet", description = "The token comes from "
            + "the status_url of a wait=true answer that ran out of time.")
    @Blocking
    public Map<String, Boolean> status(@PathParam("token") String token) {
        var offsets = ProjectionWatcher.parseToken(callers.tenant(), token)
                .orElseThrow(() -> ProblemException.notFound("There is no such status token for this tenant."));
        return Map.of("queryable", watcher.isProjected(offsets));
    }
}
