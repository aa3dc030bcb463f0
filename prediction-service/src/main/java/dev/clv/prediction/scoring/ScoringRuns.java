package dev.clv.prediction.scoring;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import dev.clv.contracts.problem.ProblemException;

/**
 * At most one scoring of a tenant's whole customer base at a time in this replica: a second request while one
 * runs would only repeat the same work (and the same scores) on the same two cores, so it is refused with 409.
 */
@ApplicationScoped
public class ScoringRuns {
    private final Set<String> running = ConcurrentHashMap.newKeySet();

    public <T> T exclusive(String tenant, Supplier<T> run) {
        if (!running.add(tenant)) {
            throw ProblemException.conflict("A scoring of this tenant's customers is already running; its scores "
                    + "will be published when it ends.");
        }
        try {
            return run.get();
        } finally {
            running.remove(tenant);
        }
    }
}
