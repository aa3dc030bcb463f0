package dev.clv.contracts.fairness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.clv.contracts.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;

class TenantPermitsTest {
    @Test
    void permitsArePerTenantAndInAllAndComeBackWhenWorkEnds() {
        TenantPermits permits = new TenantPermits("heavy things", 2, 3);
        Uni<Object> never = Uni.createFrom().nothing();
        Cancellable a1 = permits.run("a", () -> never).subscribe().with(x -> {
        });
        Cancellable a2 = permits.run("a", () -> never).subscribe().with(x -> {
        });
        ProblemException third = assertThrows(ProblemException.class, () -> permits.run("a", () -> never));
        assertEquals(503, third.problem().status());
        assertTrue(third.problem().detail().startsWith("This tenant already has 2 heavy things"), third.problem()
                .detail());
        Cancellable b1 = permits.run("b", () -> never).subscribe().with(x -> {
        });
        ProblemException full = assertThrows(ProblemException.class, () -> permits.run("c", () -> never));
        assertTrue(full.problem().detail().contains("as many heavy things"), full.problem().detail());
        a1.cancel(); // a's asker left: its permits come back
        permits.run("c", () -> Uni.createFrom().item("done")).await().indefinitely();
        assertEquals("failed", assertThrows(IllegalStateException.class, () -> permits.run("c",
                () -> Uni.createFrom().failure(new IllegalStateException("failed"))).await().indefinitely())
                .getMessage());
        permits.run("c", () -> Uni.createFrom().item("a failure gave its permits back")).await().indefinitely();
        a2.cancel();
        b1.cancel();
    }
}
