package dev.clv.segmentation.segment;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import dev.clv.contracts.problem.Problem.FieldError;
import dev.clv.contracts.problem.ProblemException;
import dev.clv.segmentation.announcement.MembershipAnnouncements;
import dev.clv.segmentation.api.Limits;
import dev.clv.segmentation.criteria.CriteriaParser;
import dev.clv.segmentation.criteria.CriteriaShorthand;
import dev.clv.segmentation.criteria.ParsedCriteria;
import dev.clv.segmentation.criteria.SqlPredicate;
import dev.clv.segmentation.segment.evaluation.CompiledSegment;
import dev.clv.segmentation.segment.evaluation.EvaluationJobs;
import dev.clv.segmentation.segment.evaluation.EvaluationWorker;
import dev.clv.segmentation.segment.evaluation.SegmentEvaluator;
import dev.clv.segmentation.state.CustomerStateRepository;
import dev.clv.segmentation.state.CustomerStateRepository.Preview;
import dev.clv.segmentation.webhook.Outbox;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;

/**
 * Saves segments and asks for their evaluation (run in the background, a save waits for it a little), refuses
 * references to unknown segments and cycles and a tenant's segment beyond {@link #MAX_SEGMENTS}, deletes segments
 * with a removal message and an announcement of the new segment list for each member, and previews criteria without
 * saving. Criteria may come as seed 003's flat shorthand; the rule tree it stands for is what is stored.
 */
@ApplicationScoped
public class SegmentService {
    /**
     * Segments one tenant can have. With at most 256 nodes per rule tree this bounds a tenant's evaluation (the
     * statements are split to PostgreSQL's parameter limit whatever the count, see ParameterBudget).
     */
    public static final int MAX_SEGMENTS = 200;
    private final Pool pool;
    private final SegmentRepository segments;
    private final CustomerStateRepository states;
    private static final Duration POLL = Duration.ofMillis(25);
    private final EvaluationJobs jobs;
    private final EvaluationWorker worker;

    public SegmentService(Pool pool, SegmentRepository segments, CustomerStateRepository states,
            EvaluationJobs jobs, EvaluationWorker worker) {
        this.pool = pool;
        this.segments = segments;
        this.states = states;
        this.jobs = jobs;
        this.worker = worker;
    }

    /**
     * Creates ({@code id} null) or replaces a segment and asks for its evaluation over every customer, which runs in
     * the background ({@link EvaluationWorker}); waits for it until {@code within} after the call, then answers the segment as it
     * is (its {@code evaluation} still running if the wait ran out). Null when the replaced one does not exist.
     */
    public Uni<Segment> save(String tenant, UUID id, SegmentRequest request, Duration within) {
        Checked checked = check(request, true);
        ParsedCriteria parsed = checked.parsed();
        UUID target = id == null ? UUID.randomUUID() : id;
        long deadline = System.nanoTime() + within.toNanos(); // from the request's start: the save is part of it
        return pool.withTransaction(db -> SegmentEvaluator.lock(db, tenant)
                .chain(() -> id == null ? checkRoom(db, tenant) : Uni.createFrom().voidItem())
                .chain(() -> checkReferences(db, tenant, target, parsed))
                .chain(() -> segments.save(db, tenant, target, request.name().strip(), request.description(),
                        checked.tree(), parsed, id == null))
                .chain(saved -> saved
                        ? jobs.request(db, tenant, target).replaceWith(true)
                        : Uni.createFrom().item(
                                false)))
                .onFailure(SegmentService::nameTaken).transform(e -> ProblemException.badRequest("name",
                        "you already have a segment of this name"))
                .chain(saved -> {
                    if (!saved) {
                        return Uni.createFrom().nullItem();
                    }
                    if (within.isZero()) {
                        // read before the worker starts, so an asynchronous answer always shows the evaluation
                        return find(tenant, target).invoke(worker::kick);
                    }
                    worker.kick();
                    return awaitEvaluated(target, deadline)
                            .chain(() -> find(tenant, target));
                });
    }

    private Uni<Segment> find(String tenant, UUID id) {
        return pool.withConnection(db -> segments.find(db, tenant, id));
    }

    // polls: the chunks may be evaluated by another replica's worker
    private Uni<Void> awaitEvaluated(UUID segment, long deadline) {
        return pool.withConnection(db -> jobs.status(db, segment)).chain(status -> {
            if (!Evaluation.RUNNING.equals(status) || System.nanoTime() >= deadline) {
                return Uni.createFrom().voidItem();
            }
            return Uni.createFrom().voidItem().onItem().delayIt().by(POLL).chain(() -> awaitEvaluated(segment,
                    deadline));
        });
    }

    public Uni<Preview> preview(String tenant, SegmentRequest request) {
        ParsedCriteria parsed = check(request, false).parsed();
        int sample = request.sampleSize() == null ? 20 : request.sampleSize();
        if (sample < 0 || sample > 1000) {
            throw ProblemException.badRequest("sample_size", "must be from 0 to 1000");
        }
        SqlPredicate predicate = SqlPredicate.of(parsed.root(), CompiledSegment.FIRST_PARAM);
        if (parsed.usesRfm()) {
            // RFM scores are stored by the evaluations; one that has not run yet since the last purchase would
            // answer from stale scores, so they are brought up to date first, under the evaluations' lock
            return pool.withTransaction(db -> SegmentEvaluator.lock(db, tenant)
                    .chain(() -> states.refreshRfm(db, tenant))
                    .chain(() -> checkReferences(db, tenant, null, parsed))
                    .chain(() -> states.preview(db, tenant, predicate, OffsetDateTime.now(ZoneOffset.UTC), sample)));
        }
        return pool.withConnection(db -> checkReferences(db, tenant, null, parsed)
                .chain(() -> states.preview(db, tenant, predicate, OffsetDateTime.now(ZoneOffset.UTC), sample)));
    }

    /**
     * False when there is no such segment; a 409 when others read it. Its current members leave it with it: each
     * gets a {@code segment.customer_removed} message and is queued for an announcement of their segments
     * (segment-memberships.v1), in the deleting transaction before the segment and its membership history go.
     */
    public Uni<Boolean> delete(String tenant, UUID id) {
        return pool.withTransaction(db -> SegmentEvaluator.lock(db, tenant)
                .chain(() -> segments.dependents(db, tenant, id)).chain(readers -> {
                    if (!readers.isEmpty()) {
                        throw ProblemException.conflict("Segments " + String.join(", ", readers)
                                + " read this one (in_segment); change them first");
                    }
                    return Outbox.segmentDeleted(db, tenant, id, OffsetDateTime.now(ZoneOffset.UTC))
                            .chain(() -> MembershipAnnouncements.segmentDeleted(db, tenant, id))
                            .chain(() -> segments.delete(db, tenant, id));
                }));
    }

    private static Uni<Void> checkRoom(SqlConnection db, String tenant) {
        return db.preparedQuery("SELECT count(*) AS n FROM segmentation.segments WHERE tenant_id = $1")
                .execute(Tuple.of(tenant)).map(rows -> {
                    if (rows.iterator().next().getLong("n") >= MAX_SEGMENTS) {
                        throw Limits.reached("segments", MAX_SEGMENTS, "delete one before creating another");
                    }
                    return null;
                }).replaceWithVoid();
    }

    /** Criteria as stored (a rule tree, shorthand expanded) and what they read. */
    private record Checked(JsonNode tree, ParsedCriteria parsed) {
    }

    private static Checked check(SegmentRequest request, boolean named) {
        if (request == null) {
            throw ProblemException.badRequest("body", "must be a JSON object with name and criteria");
        }
        if (named && (request.name() == null || request.name().isBlank() || request.name().length() > 200)) {
            throw ProblemException.badRequest("name", "must be given, at most 200 characters");
        }
        if (request.description() != null && request.description().length() > 2000) {
            throw ProblemException.badRequest("description", "must be at most 2000 characters");
        }
        if (request.criteria() == null || request.criteria().isNull()) {
            throw ProblemException.badRequest("criteria", "must be given: a rule tree, or shorthand keys");
        }
        JsonNode tree = CriteriaShorthand.expand(request.criteria(), "criteria");
        return new Checked(tree, CriteriaParser.parse(tree, "criteria"));
    }

    // every referenced segment must be the tenant's, and the saved one must not end up reading itself
    private Uni<Void> checkReferences(SqlConnection db, String tenant, UUID self, ParsedCriteria parsed) {
        if (parsed.dependencies().isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return db.preparedQuery("SELECT id, depends_on FROM segmentation.segments WHERE tenant_id = $1")
                .execute(Tuple.of(tenant)).map(rows -> {
                    Map<UUID, List<UUID>> graph = new HashMap<>();
                    rows.forEach(r -> graph.put(r.getUUID("id"), List.of(r.getArrayOfUUIDs("depends_on"))));
                    List<FieldError> errors = new ArrayList<>();
                    parsed.referenced().forEach((dep, path) -> {
                        if (!graph.containsKey(dep)) {
                            errors.add(new FieldError(path, "is not one of your segments", null));
                        } else if (self != null && (dep.equals(self) || reaches(graph, dep, self, new HashMap<>()))) {
                            errors.add(new FieldError(path, "would make the segment depend on itself (a cycle)",
                                    null));
                        }
                    });
                    if (!errors.isEmpty()) {
                        throw ProblemException.badRequest("The segment criteria are not valid", errors);
                    }
                    return null;
                }).replaceWithVoid();
    }

    private static boolean reaches(Map<UUID, List<UUID>> graph, UUID from, UUID target, Map<UUID, Boolean> seen) {
        if (seen.putIfAbsent(from, Boolean.TRUE) != null) {
            return false;
        }
        for (UUID next : graph.getOrDefault(from, List.of())) {
            if (next.equals(target) || reaches(graph, next, target, seen)) {
                return true;
            }
        }
        return false;
    }

    private static boolean nameTaken(Throwable e) {
        return e instanceof PgException pg && "23505".equals(pg.getSqlState());
    }
}
