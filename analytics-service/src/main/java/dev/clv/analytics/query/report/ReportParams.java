package dev.clv.analytics.query.report;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.clv.analytics.query.answer.AnswerParams;
import dev.clv.contracts.problem.ProblemException;

/**
 * A report's window and buckets: start_date and end_date are inclusive local days in {@code timezone} (an IANA
 * name, UTC by default), granularity is day, week (ISO, from Monday) or month. Periods are named by their local
 * first day; the first and last may be cut by the window. Without dates the window is the last 30 days, 12 weeks or
 * 12 months up to today.
 */
public record ReportParams(LocalDate start, LocalDate end, String granularity, ZoneId zone) {
    private static final int MAX_PERIODS = 3_700;

    public static ReportParams of(AnswerParams params) {
        String granularity = params.oneOf("granularity", Set.of("day", "week", "month"));
        granularity = granularity == null ? "day" : granularity;
        String zoneName = params.text("timezone");
        ZoneId zone;
        try {
            zone = zoneName == null ? ZoneId.of("UTC") : ZoneId.of(zoneName);
        } catch (DateTimeException e) {
            throw ProblemException.badRequest("timezone", "must be an IANA time zone such as Europe/Berlin, got '"
                    + zoneName + "'");
        }
        LocalDate[] range = params.range();
        LocalDate end = range[1] != null ? range[1] : LocalDate.now(zone);
        LocalDate start = range[0] != null ? range[0] : switch (granularity) {
            case "week" -> end.minusWeeks(12).plusDays(1);
            case "month" -> end.minusMonths(12).plusDays(1);
            default -> end.minusDays(29);
        };
        if (end.isBefore(start)) {
            throw ProblemException.badRequest("start_date", "must not be after end_date");
        }
        ReportParams out = new ReportParams(start, end, granularity, zone);
        if (ChronoUnit.DAYS.between(start, end) > MAX_PERIODS * 7L || out.periods().size() > MAX_PERIODS) {
            throw ProblemException.badRequest("start_date", "the window holds more than " + MAX_PERIODS + " "
                    + granularity + "s");
        }
        return out;
    }

    /** The instant the window starts: local midnight of start_date (DST-aware). */
    public Instant from() {
        return start.atStartOfDay(zone).toInstant();
    }

    /** The instant the window ends (exclusive): local midnight after end_date. */
    public Instant to() {
        return end.plusDays(1).atStartOfDay(zone).toInstant();
    }

    /** The local first day of the period holding {@code day}. */
    public LocalDate periodOf(LocalDate day) {
        return switch (granularity) {
            case "week" -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case "month" -> day.withDayOfMonth(1);
            default -> day;
        };
    }

    public LocalDate next(LocalDate period) {
        return switch (granularity) {
            case "week" -> period.plusWeeks(1);
            case "month" -> period.plusMonths(1);
            default -> period.plusDays(1);
        };
    }

    public LocalDate previous(LocalDate period) {
        return switch (granularity) {
            case "week" -> period.minusWeeks(1);
            case "month" -> period.minusMonths(1);
            default -> period.minusDays(1);
        };
    }

    /** Every period of the window in order, empty ones included. */
    public List<LocalDate> periods() {
        List<LocalDate> out = new ArrayList<>();
        for (LocalDate p = periodOf(start); !p.isAfter(end); p = next(p)) {
            out.add(p);
        }
        return out;
    }
}
