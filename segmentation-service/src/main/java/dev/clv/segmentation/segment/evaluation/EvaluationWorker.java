package dev.clv.segmentation.segment.evaluation;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.clv.segmentation.state.CustomerStateRepository;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Evaluates saved segments in the background, one chunk of customers (by id) per transaction, under the tenant's
 * evaluation lock, so the live consumer and the sweep interleave with it and a save answers at once. Each chunk
 * evaluates the saved segment and those that read it, in dependency order, for the chunk's customers, and commits
 * with the job's cursor: after a crash the next worker (on any replica) carries on from the last committed chunk,
 * and nothing is evaluated twice. Up to {@code workers} chunks run at once per replica.
 */
@ApplicationScoped
public class EvaluationWorker {
    private static final Logger LOG = Logger.getLogger(EvaluationWorker.class);
    private final Pool pool;
    private final EvaluationJobs jobs;
    private final SegmentCatalog catalog;
    private final MembershipRepository memberships;
    private final CustomerStateRepository states;
    private final EvaluationSettings settings;
    private final AtomicInteger running = new AtomicInteger();

    public EvaluationWorker(Pool pool, EvaluationJobs jobs, SegmentCatalog catalog, MembershipRepository memberships,
            CustomerStateRepository states, EvaluationSettings settings) {
        this.pool = pool;
        this.jobs = jobs;
        this.catalog = catalog;
        this.memberships = memberships;
        this.states = states;
        this.settings = settings;
    }

    @Scheduled(every = "${segmentation.evaluations.poll}", delayed = "1s")
    void scheduled() {
        kick();
    }

    /** Starts a worker unless {@code workers} already run; each takes chunks until none is due. */
    public void kick() {
        int now;
        do {
            now = running.get();
            if (now >= settings.workers()) {
                return;
            }
        } while (!running.compareAndSet(now, now + 1));
        loop();
    }

    private void loop() {
        AtomicReference<UUID> taken = new AtomicReference<>();
        pool.withTransaction(db -> step(db, taken)).onFailure().call(e -> taken.get() == null
                ? Uni.createFrom().voidItem()
                : pool.withConnection(db -> jobs.failed(db, taken.get(), e.toString(), settings.retryBackoff())))
                .subscribe().with(advanced -> {
                    if (advanced) {
                        loop();
                    } else {
                        running.decrementAndGet();
                    }
                }, e -> {
                    LOG.errorf("A segment evaluation chunk failed (%s); it is tried again after a back-off", e);
                    running.decrementAndGet();
                });
    }

    // true when a chunk was evaluated (more may be due)
    private Uni<Boolean> step(SqlConnection db, AtomicReference<UUID> taken) {
        return jobs.due(db, settings.workers() + 2).chain(due -> lockOne(db, due, 0)).chain(job -> {
            if (job == null) {
                return Uni.createFrom().item(false);
            }
            taken.set(job.segment());
            return chunk(db, job).replaceWith(true);
        });
    }

    // the first due job whose tenant is free; when every tenant is busy, waits for the first one's
    private Uni<EvaluationJobs.Job> lockOne(SqlConnection db, List<EvaluationJobs.Job> due, int index) {
        if (index >= due.size()) {
            return due.isEmpty()
                    ? Uni.createFrom().nullItem()
                    : SegmentEvaluator.lock(db, due.get(0).tenant()).chain(() -> jobs.claim(db, due.get(0).segment()));
        }
        return db.preparedQuery("SELECT pg_try_advisory_xact_lock(hashtextextended($1, 7)) AS got")
                .execute(Tuple.of(due.get(index).tenant())).chain(rows -> rows.iterator().next().getBoolean("got")
                        ? jobs.claim(db, due.get(index).segment())
                        : lockOne(db, due, index + 1));
    }

    private Uni<Void> chunk(SqlConnection db, EvaluationJobs.Job job) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return catalog.ordered(db, job.tenant()).chain(all -> {
            List<CompiledSegment> due = chosenAndReaders(all, job.segment());
            boolean rfm = job.cursor() == null && due.stream().anyMatch(s -> s.criteria().usesRfm());
            Uni<Integer> refreshed = rfm ? states.refreshRfm(db, job.tenant()) : Uni.createFrom().item(0);
            return refreshed.chain(() -> states.idsAfter(db, job.tenant(), job.cursor(), settings.chunkSize()))
                    .chain(ids -> Multi.createFrom().iterable(SegmentEvaluator.levels(due))
                            .onItem().transformToUniAndConcatenate(level -> ids.length == 0
                                    ? Uni.createFrom().item(MembershipChanges.NONE)
                                    : memberships.evaluate(db, job.tenant(), level, ids, now))
                            .collect().with(Collectors.reducing(MembershipChanges.NONE, MembershipChanges::plus))
                            .chain(changes -> finish(db, job, due, ids, changes)));
        });
    }

    private Uni<Void> finish(SqlConnection db, EvaluationJobs.Job job, List<CompiledSegment> due, String[] ids,
            MembershipChanges changes) {
        boolean last = ids.length < settings.chunkSize();
        Uni<Void> advanced = jobs.advance(db, job.segment(), ids.length == 0 ? null : ids[ids.length - 1],
                ids.length, changes, last);
        if (!last) {
            return advanced;
        }
        UUID[] evaluated = due.stream().map(CompiledSegment::id).toArray(UUID[]::new);
        return advanced.chain(() -> db.preparedQuery("UPDATE segmentation.segments SET evaluated_at = now() "
                + "WHERE id = ANY($1)").execute(Tuple.of(evaluated))).replaceWithVoid();
    }

    // ordered puts dependencies first, so one pass finds every segment that reads the chosen one
    private static List<CompiledSegment> chosenAndReaders(List<CompiledSegment> ordered, UUID chosen) {
        Set<UUID> due = new HashSet<>();
        due.add(chosen);
        return ordered.stream().filter(s -> s.id().equals(chosen)
                || s.criteria().dependencies().stream().anyMatch(due::contains) && due.add(s.id())).toList();
    }
}
