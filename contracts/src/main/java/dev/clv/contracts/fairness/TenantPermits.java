package dev.clv.contracts.fairness;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

import dev.clv.contracts.problem.ProblemException;
import io.smallrye.mutiny.Uni;

/**
 * Permits for expensive work (a question over every customer, a segment evaluation): at most a few per tenant and a
 * bounded number in all, so that one tenant's heavy requests can neither take every database connection nor slow
 * another tenant's cheap ones. Past its share a call is refused at once (503 with Retry-After) rather than queued
 * behind its own tenant's work; a permit comes back when the work ends, fails or its asker goes away.
 */
public final class TenantPermits {
    private final String work;
    private final int perTenant;
    private final Semaphore total;
    private final ConcurrentHashMap<String, Semaphore> tenants = new ConcurrentHashMap<>();

    /** @param work what the permits are for, as a plural noun phrase for the refusal ("answers over every customer") */
    public TenantPermits(String work, int perTenant, int total) {
        this.work = work;
        this.perTenant = perTenant;
        this.total = new Semaphore(total);
    }

    public <T> Uni<T> run(String tenant, Supplier<Uni<T>> job) {
        Semaphore mine = tenants.computeIfAbsent(tenant, t -> new Semaphore(perTenant));
        if (!mine.tryAcquire()) {
            throw ProblemException.unavailable("This tenant already has " + perTenant + " " + work
                    + " in progress; ask again when one is done.", 1);
        }
        if (!total.tryAcquire()) {
            mine.release();
            throw ProblemException.unavailable("The service is running as many " + work + " as it allows at once; "
                    + "ask again shortly.", 1);
        }
        Uni<T> started;
        try {
            started = job.get();
        } catch (RuntimeException e) {
            mine.release();
            total.release();
            throw e;
        }
        return started.onTermination().invoke(() -> {
            mine.release();
            total.release();
        });
    }
}
