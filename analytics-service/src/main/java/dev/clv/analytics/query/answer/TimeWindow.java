package dev.clv.analytics.query.answer;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * A window of instants from two optional date parameters: {@code from} inclusive, {@code before} exclusive (the
 * end of what the end parameter names), either null for open. {@code endDay} is the local day the window ends on
 * (null when open), the "today" of recency measured to the window's end.
 */
public record TimeWindow(Instant from, Instant before, LocalDate endDay, ZoneId zone) {

    /** Whether neither end is set. */
    public boolean open() {
        return from == null && before == null;
    }

    static TimeWindow of(DateBound start, DateBound end, ZoneId zone) {
        return new TimeWindow(start == null ? null : start.start(), end == null ? null : end.end(),
                end == null ? null : end.startDay(), zone);
    }
}
