package dev.clv.segmentation.segment.rest;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.clv.contracts.auth.CallerContext;
import dev.clv.contracts.auth.RequiresScope;
import dev.clv.contracts.auth.Scopes;
import dev.clv.contracts.fairness.TenantPermits;
import dev.clv.contracts.problem.ProblemException;
import dev.clv.contracts.problem.QueryParams;
import dev.clv.segmentation.api.Bodies;
import dev.clv.segmentation.api.Ids;
import dev.clv.segmentation.segment.Evaluation;
import dev.clv.segmentation.segment.Segment;
import dev.clv.segmentation.segment.SegmentRepository;
import dev.clv.segmentation.segment.SegmentRequest;
import dev.clv.segmentation.segment.SegmentService;
import dev.clv.segmentation.segment.evaluation.EvaluationSettings;
import dev.clv.segmentation.segment.evaluation.MembershipRepository;
import dev.clv.segmentation.state.CustomerStateRepository.Preview;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/** The caller's tenant's segments: definitions, previews and current members. */
@Path("/v1/segments")
public class SegmentsResource {
    private final SegmentRepository segments;
    private final SegmentService service;
    private final MembershipRepository memberships;
    private final Pool pool;
    private final CallerContext callers;
    private final ObjectMapper mapper;
    private final EvaluationSettings settings;
    // a preview counts over every customer: one tenant may not run many at once
    private final TenantPermits previews;

    public SegmentsResource(SegmentRepository segments, SegmentService service, MembershipRepository memberships,
            Pool pool, CallerContext callers, ObjectMapper mapper, EvaluationSettings settings) {
        this.mapper = mapper;
        this.settings = settings;
        this.previews = new TenantPermits("segment previews", settings.perTenant(), settings.total());
        this.segments = segments;
        this.service = service;
        this.memberships = memberships;
        this.pool = pool;
        this.callers = callers;
    }

    @GET
    @RequiresScope(Scopes.SEGMENTS_READ)
    @Operation(summary = "The tenant's segments by name, with their current member counts")
    public Uni<List<Segment>> list() {
        return segments.list(callers.tenant());
    }

    @POST
    @RequiresScope(Scopes.SEGMENTS_WRITE)
    @Operation(summary = "Create a segment (at most 200 per tenant, 409 beyond); 201 once its members are computed, or "
            + "202 with its evaluation's progress when that takes longer than a second (or at once with Prefer: "
            + "respond-async)")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(@HeaderParam("Prefer") String prefer,
            @RequestBody(content = @Content(mediaType = "application/json", schema = @Schema(implementation = SegmentRequest.class))) byte[] body) {
        SegmentRequest request = Bodies.read(mapper, body, SegmentRequest.class);
        boolean async = respondAsync(prefer);
        return service.save(callers.tenant(), null, request, async ? Duration.ZERO : settings.answerWithin())
                .map(s -> answer(s, 201, async));
    }

    @POST
    @Path("/preview")
    @RequiresScope(Scopes.SEGMENTS_WRITE)
    @Operation(summary = "How many customers criteria match now, and a sample, without saving anything")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Preview> preview(
            @RequestBody(content = @Content(mediaType = "application/json", schema = @Schema(implementation = SegmentRequest.class))) byte[] body) {
        SegmentRequest request = Bodies.read(mapper, body, SegmentRequest.class);
        String tenant = callers.tenant();
        return previews.run(tenant, () -> service.preview(tenant, request));
    }

    @GET
    @Path("/{id}")
    @RequiresScope(Scopes.SEGMENTS_READ)
    public Uni<Segment> get(@PathParam("id") String id) {
        UUID uuid = Ids.parse(id, "segment");
        return pool.withConnection(db -> segments.find(db, callers.tenant(), uuid)).map(s -> found(s, id));
    }

    @PUT
    @Path("/{id}")
    @RequiresScope(Scopes.SEGMENTS_WRITE)
    @Operation(summary = "Replace a segment's name, description and criteria; 200 once its members are re-evaluated, "
            + "or 202 with the evaluation's progress (members move to the new criteria chunk by chunk meanwhile)")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> replace(@PathParam("id") String id, @HeaderParam("Prefer") String prefer,
            @RequestBody(content = @Content(mediaType = "application/json", schema = @Schema(implementation = SegmentRequest.class))) byte[] body) {
        UUID uuid = Ids.parse(id, "segment");
        SegmentRequest request = Bodies.read(mapper, body, SegmentRequest.class);
        boolean async = respondAsync(prefer);
        return service.save(callers.tenant(), uuid, request, async ? Duration.ZERO : settings.answerWithin())
                .map(s -> answer(found(s, id), 200, async));
    }

    @GET
    @Path("/{id}/evaluation")
    @RequiresScope(Scopes.SEGMENTS_READ)
    @Operation(summary = "The segment's latest evaluation over every customer: running or done, customers done of "
            + "the total, members entered and exited")
    public Uni<Evaluation> evaluation(@PathParam("id") String id) {
        return get(id).map(s -> found(s.evaluation(), id + "'s evaluation"));
    }

    @DELETE
    @Path("/{id}")
    @RequiresScope(Scopes.SEGMENTS_WRITE)
    @Operation(summary = "Delete a segment and its history; each current member is announced (segment.customer_removed) "
            + "first; 409 while other segments read it")
    public Uni<Response> delete(@PathParam("id") String id) {
        return service.delete(callers.tenant(), Ids.parse(id, "segment"))
                .map(deleted -> found(deleted ? Response.noContent().build() : null, id));
    }

    @GET
    @Path("/{id}/customers")
    @RequiresScope(Scopes.SEGMENTS_READ)
    @Operation(summary = "The segment's current members by customer id, a page at a time (next_cursor)")
    public Uni<Map<String, Object>> customers(@PathParam("id") String id, @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        UUID uuid = Ids.parse(id, "segment");
        int size = QueryParams.intIn("limit", limit, 100, 1, 1000);
        String after = decode(cursor);
        String tenant = callers.tenant();
        return pool.withConnection(db -> segments.find(db, tenant, uuid).chain(s -> {
            found(s, id);
            return memberships.members(db, uuid, after, size + 1);
        })).map(page -> {
            boolean more = page.size() > size;
            List<MembershipRepository.Member> data = more ? page.subList(0, size) : page;
            String next = more ? encode(data.get(size - 1).customerId()) : null;
            return next == null ? Map.of("data", data) : Map.of("data", data, "next_cursor", next);
        });
    }

    // RFC 7240: a client that would rather not wait says so
    private static boolean respondAsync(String prefer) {
        return prefer != null && Arrays.stream(prefer.split(",")).map(String::strip)
                .anyMatch(p -> p.equalsIgnoreCase("respond-async"));
    }

    private static Response answer(Segment segment, int doneStatus, boolean async) {
        boolean running = segment.evaluation() != null && !segment.evaluation().done();
        Response.ResponseBuilder answer = Response.status(running ? 202 : doneStatus).entity(segment)
                .header("Location", "/v1/segments/" + segment.id());
        if (running) {
            answer.header("Retry-After", "1").header("Link", "</v1/segments/" + segment.id()
                    + "/evaluation>; rel=\"monitor\"");
        }
        return async ? answer.header("Preference-Applied", "respond-async").build() : answer.build();
    }

    private static <T> T found(T value, String id) {
        if (value == null) {
            throw ProblemException.notFound("No segment " + id);
        }
        return value;
    }

    private static String encode(String customer) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(customer.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try {
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("cursor", "is not a cursor this API gave out");
        }
    }
}
