package dev.clv.segmentation.segment.evaluation;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Re-evaluates, for every customer, the segments whose answer moves with time alone (recency, windows, tenure,
 * RFM) and those that read them: nobody sends a change when a customer merely stops buying.
 */
@ApplicationScoped
public class SegmentSweeper {
    private static final Logger LOG = Logger.getLogger(SegmentSweeper.class);
    private final Pool pool;
    private final SegmentEvaluator evaluator;
    private final Timer sweeps;

    public SegmentSweeper(Pool pool, SegmentEvaluator evaluator, MeterRegistry registry) {
        this.pool = pool;
        this.evaluator = evaluator;
        this.sweeps = Timer.builder("segmentation.sweep").description("A whole sweep of every tenant")
                .register(registry);
    }

    @Scheduled(every = "${segmentation.sweep.interval}", delayed = "${segmentation.sweep.interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return sweepAll().onFailure().recoverWithItem(e -> {
            LOG.errorf("The segment sweep failed (%s); the next one will try again", e.toString());
            return MembershipChanges.NONE;
        }).replaceWithVoid();
    }

    /**
     * Sweeps every tenant that has a time-relative segment, one after another, each in its own transaction: a
     * tenant whose sweep fails is logged and skipped (the next sweep tries it again), the others are still swept.
     */
    public Uni<MembershipChanges> sweepAll() {
        long started = System.nanoTime();
        return pool.preparedQuery("SELECT DISTINCT tenant_id FROM segmentation.segments WHERE time_relative "
                + "ORDER BY tenant_id")
                .execute().map(rows -> rows.stream().map(r -> r.getString("tenant_id")).toList())
                .chain(this::sweep)
                .invoke(() -> sweeps.record(System.nanoTime() - started, TimeUnit.NANOSECONDS));
    }

    private Uni<MembershipChanges> sweep(List<String> tenants) {
        return Multi.createFrom().iterable(tenants).onItem().transformToUniAndConcatenate(tenant -> evaluator
                .sweep(tenant).onFailure().recoverWithItem(e -> {
                    LOG.errorf("Sweeping tenant %s failed (%s); the next sweep tries it again", tenant,
                            e.toString());
                    return MembershipChanges.NONE;
                }))
                .collect().with(Collectors.reducing(MembershipChanges.NONE,
                        MembershipChanges::plus))
                .invoke(c -> {
                    if (c.entered() + c.exited() > 0) {
                        LOG.infof("Sweep of %d tenants: %d entered, %d exited", tenants.size(), c.entered(),
                                c.exited());
                    }
                });
    }
}
