package dev.clv.prediction.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.clv.contracts.problem.ProblemException;
import dev.clv.prediction.scoring.ScoringRuns;

class FairQueueTest {
    @Test
    void tenantsTakeTurnsWhateverOrderTheyQueuedIn() {
        FairQueue queue = new FairQueue(5);
        List<String> ran = new ArrayList<>();
        for (String job : new String[]{"a1", "a2", "a3", "a4", "b1", "c1", "b2"}) {
            queue.offer(job.substring(0, 1), () -> ran.add(job));
        }
        for (Runnable next = queue.next(); next != null; next = queue.next()) {
            next.run();
        }
        // by hand: a, b, c in the order they first queued, then whoever still waits, in turn
        assertEquals(List.of("a1", "b1", "c1", "a2", "b2", "a3", "a4"), ran);
        assertNull(queue.next());
    }

    @Test
    void aTenantMayHaveOnlyItsShareWaiting() {
        FairQueue queue = new FairQueue(2);
        queue.offer("a", () -> {
        });
        queue.offer("a", () -> {
        });
        assertFalse(queue.offer("a", () -> {
        }));
        queue.offer("b", () -> {
        });
        queue.next().run();
        queue.offer("a", () -> {
        }); // a's first has left the queue: room again
    }

    @Test
    void oneScoringPerTenantAtATime() {
        ScoringRuns runs = new ScoringRuns();
        String inner = runs.exclusive("a", () -> {
            ProblemException again = org.junit.jupiter.api.Assertions.assertThrows(ProblemException.class,
                    () -> runs.exclusive("a", () -> "twice"));
            assertEquals(409, again.problem().status());
            return runs.exclusive("b", () -> "another tenant runs");
        });
        assertEquals("another tenant runs", inner);
        assertEquals("after", runs.exclusive("a", () -> "after"));
    }
}
