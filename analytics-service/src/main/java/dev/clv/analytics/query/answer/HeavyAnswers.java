package dev.clv.analytics.query.answer;

import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.clv.contracts.fairness.TenantPermits;
import io.smallrye.mutiny.Uni;

/**
 * Permits for answers that read every customer live (Customer 360 or pipes with parameters, reports, exports): a
 * few per tenant and a bounded number in all, so one tenant's heavy questions cannot slow another's index reads.
 */
@ApplicationScoped
public class HeavyAnswers {
    private final TenantPermits permits;

    public HeavyAnswers(@ConfigProperty(name = "analytics.query.heavy-per-tenant", defaultValue = "2") int perTenant,
            @ConfigProperty(name = "analytics.query.heavy-total", defaultValue = "8") int total) {
        this.permits = new TenantPermits("answers over every customer", perTenant, total);
    }

    public <T> Uni<T> run(String tenant, Supplier<Uni<T>> answer) {
        return permits.run(tenant, answer);
    }
}
