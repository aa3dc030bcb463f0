package dev.clv.analytics.query.answer;

import java.time.Instant;

/**
 * How fresh an answer is: the ingestion time of the newest row of the tenant's that the projection has stored
 * (null before the first), and whether the projectors have read every record accepted so far (null while none
 * has reported). Only that one bit is said of the backlog, which every tenant shares: a count would tell a
 * tenant how much the others are sending.
 */
public record AsOf(Instant watermark, Boolean caughtUp) {
    /** This, with the watermark of the snapshot an answer was read from (unchanged for a live answer: null). */
    public AsOf ofSnapshot(Instant snapshotWatermark) {
        return snapshotWatermark == null ? this : new AsOf(snapshotWatermark, caughtUp);
    }
}
