package dev.clv.segmentation.segment;

import java.time.OffsetDateTime;

/**
 * A segment's evaluation over every customer: {@code running} while chunks are left (its members move to the new
 * criteria chunk by chunk, the others keep their current memberships meanwhile), then {@code done}.
 */
public record Evaluation(String status, long customersDone, long customersTotal, double progress,
        OffsetDateTime requestedAt, OffsetDateTime startedAt, OffsetDateTime finishedAt, long entered, long exited,
        String lastError) {
    public static final String RUNNING = "running";
    public static final String DONE = "done";

    public boolean done() {
        return DONE.equals(status);
    }
}
