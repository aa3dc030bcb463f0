package dev.clv.analytics.query.answer;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.clv.contracts.problem.ProblemException;
import io.smallrye.mutiny.Uni;

/**
 * Permits for answers that read every customer live (Customer 360 or pipes with parameters, reports, exports,
 * model features): at most a few per tenant and a bounded number in all, so that one tenant's heavy questions
 * can neither take every database connection nor slow another tenant's index reads. Past its share a call is
 * refused at once (503, Retry-After) rather than queued behind its own tenant's work.
 */
@ApplicationScoped
public class HeavyAnswers {
    private final int perTenant;
    private final Semaphore total;
    private final ConcurrentHashMap<String, Semaphore> tenants = new ConcurrentHashMap<>();

    public HeavyAnswers(@ConfigProperty(name = "analytics.query.heavy-per-tenant", defaultValue = "2") int perTenant,
            @ConfigProperty(name = "analytics.query.heavy-total", defaultValue = "8") int total) {
        this.perTenant = perTenant;
        this.total = new Semaphore(total);
    }

    public <T> Uni<T> run(String tenant, Supplier<Uni<T>> answer) {
        Semaphore mine = tenants.computeIfAbsent(tenant, t -> new Semaphore(perTenant));
        if (!mine.tryAcquire()) {
            throw ProblemException.unavailable("This tenant already has " + perTenant + " answers over every "
                    + "customer in progress; ask again when one is done.", 1);
        }
        if (!total.tryAcquire()) {
            mine.release();
            throw ProblemException.unavailable("The analytics service is computing as many answers over every "
                    + "customer as it allows at once; ask again shortly.", 1);
        }
        Uni<T> work;
        try {
            work = answer.get();
        } catch (RuntimeException e) {
            mine.release();
            total.release();
            throw e;
        }
        return work.onTermination().invoke(() -> {
            mine.release();
            total.release();
        });
    }
}
