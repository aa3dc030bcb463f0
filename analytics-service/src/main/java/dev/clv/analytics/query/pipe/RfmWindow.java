package dev.clv.analytics.query.pipe;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import dev.clv.analytics.query.answer.TimeWindow;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A transaction window split for exact reading: the whole UTC days inside it, read from the per-customer day rollup
 * ({@code [days_from, days_before)}, either end open), and the at most two partial days at its edges
 * ({@code [edge_from, edge_before)} each), read from the raw rows' time index. A window of whole UTC days has no
 * edges; one inside less than two UTC days is all edge (an empty day range).
 */
record RfmWindow(LocalDate daysFrom, LocalDate daysBefore, Instant edge1From, Instant edge1Before,
        Instant edge2From, Instant edge2Before) {

    static RfmWindow of(TimeWindow w) {
        LocalDate daysFrom = w.from() == null ? null : ceilDay(w.from());
        LocalDate daysBefore = w.before() == null ? null : LocalDate.ofInstant(w.before(), ZoneOffset.UTC);
        if (daysFrom != null && daysBefore != null && !daysFrom.isBefore(daysBefore)) {
            // no whole UTC day inside: the window is one raw range
            return new RfmWindow(daysFrom, daysFrom, w.from(), w.before(), null, null);
        }
        Instant head = w.from() == null || w.from().equals(start(daysFrom)) ? null : w.from();
        Instant tail = w.before() == null || w.before().equals(start(daysBefore)) ? null : w.before();
        return new RfmWindow(daysFrom, daysBefore, head, head == null ? null : start(daysFrom),
                tail == null ? null : start(daysBefore), tail);
    }

    /** True when the window is whole UTC days: nothing to read from the raw rows. */
    boolean wholeDays() {
        return edge1From == null && edge2From == null;
    }

    /** Appends the two day bounds, in this order, to {@code args}: a window of {@link #wholeDays} needs no more. */
    Tuple addDaysTo(Tuple args) {
        return args.addLocalDate(daysFrom).addLocalDate(daysBefore);
    }

    /** Appends the six bounds, in this order, to {@code args}. */
    Tuple addTo(Tuple args) {
        return args.addLocalDate(daysFrom).addLocalDate(daysBefore).addOffsetDateTime(CustomerFilter.utc(edge1From))
                .addOffsetDateTime(CustomerFilter.utc(edge1Before)).addOffsetDateTime(CustomerFilter.utc(edge2From))
                .addOffsetDateTime(CustomerFilter.utc(edge2Before));
    }

    private static LocalDate ceilDay(Instant at) {
        LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
        return start(day).equals(at) ? day : day.plusDays(1);
    }

    private static Instant start(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
