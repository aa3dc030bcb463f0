package dev.clv.ingestion.privacy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.time.Instant;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.clv.contracts.auth.CallerContext;
import dev.clv.contracts.auth.RequiresScope;
import dev.clv.contracts.auth.Scopes;
import dev.clv.contracts.privacy.PrivacyRequest;
import dev.clv.contracts.privacy.RetentionPolicy;
import dev.clv.contracts.problem.Problem;
import dev.clv.contracts.problem.ProblemException;
import dev.clv.contracts.problem.QueryParams;
import dev.clv.ingestion.retention.IngestionRetention;

/** The tenant's privacy requests (docs/privacy.md): make one, follow it, list them, read a completed export. */
@Path("/v1/privacy/requests")
@RequiresScope(Scopes.PRIVACY_WRITE)
public class PrivacyRequestsResource {
    private static final Duration DB = Duration.ofSeconds(10);
    private final PrivacyRequests requests;
    private final ResultStore results;
    private final RequestPublisher publisher;
    private final PrivacyConfig config;
    private final CallerContext callers;
    private final ObjectMapper json;
    private final IngestionRetention retention;

    public PrivacyRequestsResource(PrivacyRequests requests, ResultStore results, RequestPublisher publisher,
            PrivacyConfig config, CallerContext callers, ObjectMapper json, IngestionRetention retention) {
        this.retention = retention;
        this.requests = requests;
        this.results = results;
        this.publisher = publisher;
        this.config = config;
        this.callers = callers;
        this.json = json;
    }

    @POST
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Make a privacy request", description = "{\"type\": erase|export|suppress|unsuppress, "
            + "\"customer_ids\": [1 to 5000 ids]}. 202 once stored, with a Location to follow it; every service "
            + "carries it out on its own.")
    public Response create(byte[] body) {
        String tenant = callers.tenant();
        NewRequest request = NewRequest.read(json, body);
        RequestView stored = requests.insert(UUID.randomUUID(), tenant, request).await().atMost(DB);
        // stored is durable: if Kafka is away now, the sweep publishes it, so the 202 stands either way
        publisher.publishSoon(tenant);
        return Response.accepted(stored.with(config.services(), Map.of()))
                .header("Location", "/v1/privacy/requests/" + stored.id()).build();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "List privacy requests, newest first", description = "Filter by status; page with the "
            + "next_cursor of the previous answer.")
    public Map<String, Object> list(@QueryParam("status") String status, @QueryParam("cursor") String cursor,
            @QueryParam("limit") String limitParam) {
        if (status != null && !RequestStatus.ALL.contains(status)) {
            throw ProblemException.badRequest("status", "one of " + String.join(", ", RequestStatus.ALL));
        }
        int limit = QueryParams.intIn("limit", limitParam, 100, 1, 1000);
        UUID after = cursor == null
                ? null
                : uuid(cursor, () -> ProblemException.badRequest("cursor",
                        "the next_cursor of an earlier answer"));
        List<RequestView> page = requests.list(callers.tenant(), status, after, limit).await().atMost(DB);
        String next = page.size() == limit ? page.get(page.size() - 1).id().toString() : null;
        return next == null ? Map.of("data", page) : Map.of("data", page, "next_cursor", next);
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Follow a privacy request", description = "Its status (pending, running, completed, "
            + "failed) and each service's part: status, detail, counts, finished_at.")
    public RequestView get(@PathParam("id") String id) {
        RequestView request = find(id);
        return request.with(config.services(), results.progress(request.id()).await().atMost(DB));
    }

    @GET
    @Path("/{id}/export")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Read a completed export", description = "Per customer, per service, per section, the "
            + "rows each service holds; 409 while the export is not completed, or for another type of request; 410 "
            + "once it is older than the tenant's privacy_exports retention.")
    public ObjectNode export(@PathParam("id") String id) {
        RequestView request = find(id);
        if (!PrivacyRequest.EXPORT.equals(request.type())) {
            throw ProblemException.conflict("Request " + id + " is of type '" + request.type() + "', not an "
                    + "export: it has nothing to read.");
        }
        if (!RequestStatus.COMPLETED.equals(request.status())) {
            throw ProblemException.conflict("The export is " + request.status() + "; it can be read once every "
                    + "service completed it and all its parts arrived.");
        }
        Optional<Integer> keptDays = retention.policies().days(callers.tenant(), RetentionPolicy.PRIVACY_EXPORTS);
        if (keptDays.isPresent() && request.updatedAt().toInstant().plus(Duration.ofDays(keptDays.get()))
                .isBefore(Instant.now())) {
            // the purge removes its parts (if it has not yet, it will): an old export is gone, never half-read
            throw new ProblemException(Problem.of(410, "Gone", "The export completed on " + request.updatedAt()
                    + " and was kept " + keptDays.get() + " days (the tenant's privacy_exports retention); make a "
                    + "new export request."));
        }
        return ExportAnswer.of(json, request.id(), requests.customerIds(request.id()).await().atMost(DB),
                results.parts(request.id()).await().atMost(DB));
    }

    private RequestView find(String id) {
        UUID uuid = uuid(id, () -> missing(id));
        return requests.find(callers.tenant(), uuid).await().atMost(DB).orElseThrow(() -> missing(id));
    }

    private static UUID uuid(String value, java.util.function.Supplier<ProblemException> otherwise) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw otherwise.get();
        }
    }

    private static ProblemException missing(String id) {
        return ProblemException.notFound("There is no privacy request " + id + ".");
    }
}
