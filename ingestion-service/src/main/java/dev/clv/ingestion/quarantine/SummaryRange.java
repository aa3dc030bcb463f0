package dev.clv.ingestion.quarantine;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import dev.clv.contracts.problem.ProblemException;

/**
 * The days a quarantine summary covers: {@code from} to {@code to}, inclusive local days of {@code zone} (UTC by
 * default), the last 30 days ending today in that zone by default, at most {@value #MAX_DAYS} days.
 */
public record SummaryRange(LocalDate from, LocalDate to, ZoneId zone) {
    static final int MAX_DAYS = 366;
    static final int DEFAULT_DAYS = 30;

    /** Reads the query parameters; a bad one is a 400 problem naming it. */
    public static SummaryRange of(String from, String to, String timezone) {
        ZoneId zone = zone(timezone);
        LocalDate end = blank(to) ? LocalDate.now(zone) : day("to", to);
        LocalDate start = blank(from) ? end.minusDays(DEFAULT_DAYS - 1) : day("from", from);
        if (end.isBefore(start)) {
            throw ProblemException.badRequest("to", "must not be before from (" + start + "), got '" + end + "'");
        }
        long days = ChronoUnit.DAYS.between(start, end) + 1;
        if (days > MAX_DAYS) {
            throw ProblemException.badRequest("from", "the range holds " + days + " days, at most " + MAX_DAYS);
        }
        return new SummaryRange(start, end, zone);
    }

    /** Every local day of the range, in order. */
    public List<LocalDate> days() {
        List<LocalDate> out = new ArrayList<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            out.add(d);
        }
        return out;
    }

    /**
     * Where each local day starts, as an instant: atStartOfDay, not midnight, because in a zone that skips midnight
     * for DST the day starts at the first valid time, and a DST day is 23 or 25 hours long.
     */
    public List<OffsetDateTime> dayStarts() {
        return days().stream().map(this::start).toList();
    }

    /** The range's first instant (inclusive). */
    public OffsetDateTime start() {
        return start(from);
    }

    /** The instant after the range (exclusive): where the day after {@code to} starts. */
    public OffsetDateTime end() {
        return start(to.plusDays(1));
    }

    private OffsetDateTime start(LocalDate day) {
        return day.atStartOfDay(zone).toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC);
    }

    private static ZoneId zone(String name) {
        if (blank(name)) {
            return ZoneId.of("UTC");
        }
        try {
            return ZoneId.of(name.strip());
        } catch (DateTimeException e) {
            throw ProblemException.badRequest("timezone", "must be an IANA time zone such as Europe/Berlin, got '"
                    + name + "'");
        }
    }

    private static LocalDate day(String name, String value) {
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest(name, "must be a date YYYY-MM-DD, got '" + value + "'");
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
