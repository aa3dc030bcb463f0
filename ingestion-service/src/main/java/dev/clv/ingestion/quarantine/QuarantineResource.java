package dev.clv.ingestion.quarantine;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.clv.contracts.auth.CallerContext;
import dev.clv.contracts.auth.RequiresScope;
import dev.clv.contracts.auth.Scopes;
import dev.clv.contracts.problem.Problem;
import dev.clv.contracts.problem.ProblemException;
import dev.clv.contracts.problem.QueryParams;
import dev.clv.ingestion.DataSource;
import dev.clv.ingestion.ingest.IngestOptions;
import dev.clv.ingestion.ingest.IngestResult;
import dev.clv.ingestion.ingest.IngestService;

/** Rejected rows: list them, replay one (corrected or as it was) through the same pipeline, or discard it. */
@Path("/v1/quarantine")
@RequiresScope(Scopes.EVENTS_WRITE)
public class QuarantineResource {
    private static final Duration DB = Duration.ofSeconds(10);
    private final QuarantineRepository quarantine;
    private final IngestService ingest;
    private final CallerContext callers;

    public QuarantineResource(QuarantineRepository quarantine, IngestService ingest, CallerContext callers) {
        this.quarantine = quarantine;
        this.ingest = ingest;
        this.callers = callers;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "List rejected rows, newest first", description = "Filter by data source with name; page "
            + "with the next_cursor of the previous answer.")
    public Map<String, Object> list(@QueryParam("name") String name, @QueryParam("cursor") String cursor,
            @QueryParam("limit") String limitParam) {
        if (name != null && DataSource.byApiName(name).isEmpty()) {
            throw ProblemException.badRequest("name", "unknown data source; one of " + DataSource.names());
        }
        int limit = QueryParams.intIn("limit", limitParam, 100, 1, 1000);
        UUID after = cursor == null ? null : id("cursor", cursor);
        List<QuarantinedRow> rows = quarantine.list(callers.tenant(), name, after, limit).await().atMost(DB);
        String next = rows.size() == limit ? rows.get(rows.size() - 1).id().toString() : null;
        return next == null ? Map.of("data", rows) : Map.of("data", rows, "next_cursor", next);
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "One rejected row", description = "As the list shows it: raw text, field, reason, time.")
    public QuarantinedRow one(@PathParam("id") String id) {
        return quarantine.find(callers.tenant(), id("id", id)).await().atMost(DB)
                .orElseThrow(() -> ProblemException.notFound("There is no quarantined row " + id + "."));
    }

    @POST
    @Path("/{id}/replay")
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replay a rejected row", description = "With a JSON object body, that corrected row is "
            + "sent instead of the original. If it passes, it is accepted like any row and leaves quarantine; if "
            + "not, the answer is 422 naming the field, and the row stays.")
    public IngestResult replay(@PathParam("id") String id, byte[] corrected) {
        String tenant = callers.tenant();
        QuarantinedRow row = quarantine.find(tenant, id("id", id)).await().atMost(DB)
                .orElseThrow(() -> ProblemException.notFound("There is no quarantined row " + id + "."));
        byte[] body = corrected == null || corrected.length == 0
                ? row.raw().getBytes(StandardCharsets.UTF_8)
                : corrected;
        if (!new String(body, StandardCharsets.UTF_8).strip().startsWith("{")) {
            throw ProblemException.badRequest("body", "a replay carries one row as a JSON object");
        }
        DataSource source = DataSource.byApiName(row.dataSource()).orElseThrow();
        IngestResult result = ingest.ingest(tenant, source, body, new IngestOptions(1, false, row.rules()))
                .result();
        if (result.quarantinedRows() > 0) {
            throw new ProblemException(new Problem("about:blank", "Unprocessable Content", 422,
                    "The row is still invalid; it stays in quarantine.", null, result.errors()));
        }
        quarantine.delete(tenant, row.id()).await().atMost(DB);
        return result;
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Discard a rejected row")
    public Response discard(@PathParam("id") String id) {
        if (!quarantine.delete(callers.tenant(), id("id", id)).await().atMost(DB)) {
            throw ProblemException.notFound("There is no quarantined row " + id + ".");
        }
        return Response.noContent().build();
    }

    private static UUID id(String name, String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("There is no quarantined row " + value + ".");
        }
    }
}
