package dev.clv.segmentation.segment.evaluation;

import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Keeps one tenant's failure from stalling the others: a batch's customers are evaluated per tenant, each tenant in
 * its own transaction, and a tenant whose evaluation fails has its customers kept in {@code pending_evaluations}
 * instead of failing the batch, so the batch's offsets can be committed. They are retried on a schedule, each
 * failure waiting twice as long as the one before (up to a cap), until their evaluation succeeds.
 */
@ApplicationScoped
public class PendingEvaluations {
    private static final Logger LOG = Logger.getLogger(PendingEvaluations.class);
    private static final int TENANTS_PER_DRAIN = 100;
    private final SegmentEvaluator evaluator;
    private final PendingRepository pending;
    private final PendingConfig config;
    private final Counter failures;

    public PendingEvaluations(SegmentEvaluator evaluator, PendingRepository pending, PendingConfig config,
            MeterRegistry registry) {
        this.evaluator = evaluator;
        this.pending = pending;
        this.config = config;
        this.failures = Counter.builder("segmentation.evaluations.failed")
                .description("Tenant evaluations that failed and left their customers pending").register(registry);
    }

    /**
     * The tenant's segments for these customers, in the tenant's own transaction; when that fails the customers are
     * kept for a retry and the answer is no change. Only failing to keep them fails (the batch is then replayed).
     */
    public Uni<MembershipChanges> evaluateOrKeep(String tenant, String[] customers, String traceparent) {
        return evaluator.customers(tenant, customers, traceparent).onFailure().recoverWithUni(e -> {
            failures.increment();
            LOG.errorf("Re-evaluating %d customers of tenant %s failed (%s); they are kept for a retry",
                    customers.length, tenant, e.toString());
            return pending.record(tenant, customers, config.retryBackoff(), describe(e))
                    .replaceWith(MembershipChanges.NONE);
        });
    }

    @Scheduled(every = "${segmentation.pending.interval}", delayed = "${segmentation.pending.interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return drain().onFailure().recoverWithItem(e -> {
            LOG.errorf("Retrying pending evaluations failed (%s); the next round tries again", e.toString());
            return 0;
        }).replaceWithVoid();
    }

    /** Retries the due customers of every tenant, one tenant after another; answers how many were evaluated. */
    public Uni<Integer> drain() {
        return pending.dueTenants(TENANTS_PER_DRAIN).chain(tenants -> Multi.createFrom().iterable(tenants)
                .onItem().transformToUniAndConcatenate(this::retry)
                .collect().with(Collectors.summingInt(Integer::intValue)));
    }

    // a tenant that fails again waits longer; the others are not held up by it
    private Uni<Integer> retry(String tenant) {
        return pending.due(tenant, config.batchSize()).chain(due -> due.customers().length == 0
                ? Uni.createFrom().item(0)
                : evaluator.customers(tenant, due.customers()).chain(() -> pending.done(due))
                        .replaceWith(due.customers().length)
                        .onFailure().recoverWithUni(e -> {
                            failures.increment();
                            LOG.warnf("Retrying %d pending customers of tenant %s failed again (%s)",
                                    due.customers().length, tenant, e.toString());
                            return pending.failed(due, config.retryBackoff(), config.retryBackoffMax(), describe(e))
                                    .replaceWith(0);
                        }));
    }

    private static String describe(Throwable e) {
        String text = e.toString();
        return text.length() > 1000 ? text.substring(0, 1000) : text;
    }
}
