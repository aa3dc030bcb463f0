package dev.clv.analytics.query.answer;

import java.time.Instant;

/**
 * How fresh an answer is: the ingestion time of the newest row of the tenant's that the projection has stored
 * (null before the first), and how many raw records this instance's projector has yet to read (null until it has
 * measured it).
 */
public record AsOf(Instant watermark, Long lagRecords) {
    /** This, with the watermark of the snapshot an answer was read from (unchanged for a live answer: null). */
    public AsOf ofSnapshot(Instant snapshotWatermark) {
        return snapshotWatermark == null ? this : new AsOf(snapshotWatermark, lagRecords);
    }
}
