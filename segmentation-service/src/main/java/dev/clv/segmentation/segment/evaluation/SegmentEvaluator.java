package dev.clv.segmentation.segment.evaluation;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import dev.clv.segmentation.state.CustomerStateRepository;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Re-evaluates segments: for changed customers (live), for the whole tenant (the sweep); a saved segment by {@link EvaluationWorker}. All of
 * a tenant's evaluation runs under one transaction-scoped advisory lock, so the live consumer, the sweep and API
 * writes never race on the same memberships, and segments are evaluated after the segments they read.
 */
@ApplicationScoped
public class SegmentEvaluator {
    private final Pool pool;
    private final SegmentCatalog catalog;
    private final MembershipRepository memberships;
    private final CustomerStateRepository states;

    public SegmentEvaluator(Pool pool, SegmentCatalog catalog, MembershipRepository memberships,
            CustomerStateRepository states) {
        this.pool = pool;
        this.catalog = catalog;
        this.memberships = memberships;
        this.states = states;
    }

    /**
     * Every segment of the tenant, for these customers only: one statement per level of in_segment dependencies
     * (most tenants have one level), each evaluating all the segments of its level.
     */
    public Uni<MembershipChanges> customers(String tenant, String[] customers) {
        return customers(tenant, customers, null);
    }

    /**
     * The same, within trace {@code traceparent} (null: none): the webhook messages the changes queue carry it, so
     * that their delivery continues the trace of the records that changed the customers.
     */
    public Uni<MembershipChanges> customers(String tenant, String[] customers, String traceparent) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return pool.withTransaction(db -> lock(db, tenant, traceparent).chain(() -> catalog.ordered(db, tenant))
                .chain(all -> Multi.createFrom().iterable(levels(all))
                        .onItem().transformToUniAndConcatenate(level -> memberships.evaluate(db, tenant, level,
                                customers, now))
                        .collect().with(Collectors.reducing(MembershipChanges.NONE, MembershipChanges::plus))));
    }

    // level = 1 + the highest level among the segments read; ordered puts those first
    static List<List<CompiledSegment>> levels(List<CompiledSegment> ordered) {
        Map<UUID, Integer> level = new HashMap<>();
        List<List<CompiledSegment>> out = new ArrayList<>();
        for (CompiledSegment s : ordered) {
            int l = s.criteria().dependencies().stream().mapToInt(d -> level.getOrDefault(d, -1) + 1).max()
                    .orElse(0);
            level.put(s.id(), l);
            while (out.size() <= l) {
                out.add(new ArrayList<>());
            }
            out.get(l).add(s);
        }
        return out;
    }

    /**
     * The segments whose answer moves with time alone, and those that read them, for every customer of the tenant;
     * RFM scores are recomputed first when a segment reads them.
     */
    public Uni<MembershipChanges> sweep(String tenant) {
        return pool.withTransaction(db -> lock(db, tenant).chain(() -> catalog.ordered(db, tenant)).chain(all -> {
            boolean rfm = all.stream().anyMatch(s -> s.criteria().usesRfm());
            Uni<Integer> refreshed = rfm ? states.refreshRfm(db, tenant) : Uni.createFrom().item(0);
            return refreshed.chain(() -> run(db, tenant, all, s -> s.criteria().timeRelative()));
        }));
    }

    public static Uni<Void> lock(SqlConnection db, String tenant) {
        return db.preparedQuery("SELECT pg_advisory_xact_lock(hashtextextended($1, 7))").execute(Tuple.of(tenant))
                .replaceWithVoid();
    }

    // the trace rides on the lock's round trip: webhook_deliveries.traceparent defaults to it (V11)
    private static Uni<Void> lock(SqlConnection db, String tenant, String traceparent) {
        return traceparent == null
                ? lock(db, tenant)
                : db.preparedQuery("SELECT pg_advisory_xact_lock(hashtextextended($1, 7)), "
                        + "set_config('clv.traceparent', $2, true)").execute(Tuple.of(tenant, traceparent))
                        .replaceWithVoid();
    }

    // ordered puts dependencies first, so one pass finds every segment that reads a chosen one
    private Uni<MembershipChanges> run(SqlConnection db, String tenant, List<CompiledSegment> ordered,
            Predicate<CompiledSegment> chosen) {
        Set<UUID> due = new HashSet<>();
        for (CompiledSegment s : ordered) {
            if (chosen.test(s) || s.criteria().dependencies().stream().anyMatch(due::contains)) {
                due.add(s.id());
            }
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        List<CompiledSegment> work = ordered.stream().filter(s -> due.contains(s.id())).toList();
        return Multi.createFrom().iterable(work)
                .onItem().transformToUniAndConcatenate(s -> memberships.evaluate(db, tenant, s, now))
                .collect().with(Collectors.reducing(MembershipChanges.NONE, MembershipChanges::plus))
                .call(changes -> work.isEmpty()
                        ? Uni.createFrom().voidItem()
                        : db.preparedQuery("UPDATE segmentation.segments SET evaluated_at = $2 WHERE id = ANY($1)")
                                .execute(Tuple.of(work.stream().map(CompiledSegment::id).toArray(UUID[]::new), now))
                                .replaceWithVoid());
    }
}
