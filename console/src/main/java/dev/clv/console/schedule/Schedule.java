package dev.clv.console.schedule;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.UUID;

/**
 * A scheduled report: a view with its own parameters (its range is the {@code days} local days before each run),
 * when it runs — {@code cadence} daily, weekly on {@code dayOfWeek} or monthly on {@code dayOfMonth} (the month's
 * last day when it is shorter), at {@code time} wall-clock in {@code zone} — and where it goes besides the archive.
 */
public record Schedule(UUID id, String tenant, String ownerSub, String ownerName, String view,
        Map<String, String> params, int days, String cadence, Integer dayOfWeek, Integer dayOfMonth, LocalTime time,
        ZoneId zone, String email, Instant nextRunAt, Instant lastRunAt, String lastError) {

    /**
     * The first run strictly after {@code after}: the local time on the next day that fits the cadence. A time that
     * does not exist that day (the spring DST gap) runs as much later as the gap is long; a time that exists twice
     * (autumn) runs at the first.
     */
    public Instant nextAfter(Instant after) {
        LocalDate day = after.atZone(zone).toLocalDate();
        for (int i = 0; i < 400; i++, day = day.plusDays(1)) {
            if (fits(day)) {
                Instant at = ZonedDateTime.of(day, time, zone).toInstant();
                if (at.isAfter(after)) {
                    return at;
                }
            }
        }
        throw new IllegalStateException("no run within 400 days for " + cadence);
    }

    private boolean fits(LocalDate day) {
        return switch (cadence) {
            case "daily" -> true;
            case "weekly" -> day.getDayOfWeek() == DayOfWeek.of(dayOfWeek);
            case "monthly" -> day.getDayOfMonth() == Math.min(dayOfMonth, day.lengthOfMonth());
            default -> throw new IllegalStateException("unknown cadence " + cadence);
        };
    }

    /** The local days a run at {@code at} reports on: the {@code days} days before the run's own day. */
    public LocalDate[] rangeFor(Instant at) {
        LocalDate to = at.atZone(zone).toLocalDate().minusDays(1);
        return new LocalDate[]{to.minusDays(days - 1L), to};
    }

    /** When it runs, said as a person would. */
    public String when() {
        String clock = time + " " + zone.getId();
        return switch (cadence) {
            case "weekly" -> "every " + DayOfWeek.of(dayOfWeek).getDisplayName(java.time.format.TextStyle.FULL,
                    java.util.Locale.ENGLISH) + " at " + clock;
            case "monthly" -> "monthly on day " + dayOfMonth + " at " + clock;
            default -> "daily at " + clock;
        };
    }

    /** The next run as local time in the schedule's zone. */
    public String nextRunShown() {
        return nextRunAt == null ? "–" : nextRunAt.atZone(zone).toLocalDateTime().toString().replace('T', ' ');
    }

    /** The view's own parameters as they are kept (e.g. {@code id=p-1&sort=buyers}), or a dash. */
    public String paramsShown() {
        return params.isEmpty() ? "–" : ScheduleRepository.params(params);
    }
}
