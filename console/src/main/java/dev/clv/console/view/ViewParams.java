package dev.clv.console.view;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What every view shows and keeps in its URL: a range of local days (inclusive), the IANA time zone they are days
 * of, and the currency to report in (empty: the tenant's reporting currency). The previous period is the same
 * number of days just before.
 */
public record ViewParams(LocalDate from, LocalDate to, ZoneId zone, String currency) {
    static final int DEFAULT_DAYS = 30;
    static final int MAX_DAYS = 3 * 366;
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    /** Reads the query; a value that cannot be read is a {@link BadView} naming the parameter and why. */
    public static ViewParams of(String from, String to, String zone, String currency) {
        return of(from, to, zone, currency, DEFAULT_DAYS);
    }

    /** As {@link #of(String, String, String, String)}, with a range of {@code defaultDays} when from is not given. */
    public static ViewParams of(String from, String to, String zone, String currency, int defaultDays) {
        ZoneId z = zone(zone);
        LocalDate end = blank(to) ? LocalDate.now(z) : date("to", to);
        LocalDate start = blank(from) ? end.minusDays(defaultDays - 1) : date("from", from);
        if (start.isAfter(end)) {
            throw new BadView("from", "must not be after to (" + end + ")");
        }
        if (ChronoUnit.DAYS.between(start, end) + 1 > MAX_DAYS) {
            throw new BadView("from", "the range may span at most " + MAX_DAYS + " days");
        }
        String c = blank(currency) ? "" : currency.strip().toUpperCase(Locale.ROOT);
        if (!c.isEmpty() && !CURRENCY.matcher(c).matches()) {
            throw new BadView("currency", "must be a three-letter ISO 4217 code, e.g. EUR");
        }
        return new ViewParams(start, end, z, c);
    }

    public long days() {
        return ChronoUnit.DAYS.between(from, to) + 1;
    }

    /** The reports' period for charts over this range: day up to 62 days, week up to 366, else month. */
    public String granularity() {
        return days() <= 62 ? "day" : days() <= 366 ? "week" : "month";
    }

    /** The same number of days just before this range. */
    public ViewParams previous() {
        return new ViewParams(from.minusDays(days()), from.minusDays(1), zone, currency);
    }

    /**
     * The registration window of the cohort views as pipe parameters: whole UTC calendar months, from the start of
     * {@code from}'s month to the end of {@code to}'s. Cohorts are UTC months, so a bound inside one would cut a
     * cohort, and only whole months are read from the cohort rollups instead of every customer's months.
     */
    public String wholeMonths() {
        return "start_date=" + from.withDayOfMonth(1) + "T00:00:00Z&end_date=" + to.withDayOfMonth(to.lengthOfMonth())
                + "T23:59:59Z";
    }

    /** How {@link #wholeMonths()} reads, for a report's filters. */
    public String wholeMonthsNote() {
        return "whole UTC months " + from.withDayOfMonth(1) + " to " + to.withDayOfMonth(to.lengthOfMonth());
    }

    /**
     * The query of a Customer 360 answer as of the range's last day, asked in {@code parameter}: none when the range
     * ends today (Customer 360's day is UTC), which the platform serves from the tenant's snapshot in milliseconds;
     * a range that ends earlier is computed live over every customer.
     */
    public String asOf(String parameter) {
        return to.equals(LocalDate.now(java.time.ZoneOffset.UTC)) ? "" : "?" + parameter + "=" + to;
    }

    /** The query that keeps this view ({@code from=…&to=…&zone=…[&currency=…]}), for links and forms. */
    public String query() {
        return "from=" + from + "&to=" + to + "&zone=" + encode(zone.getId())
                + (currency.isEmpty() ? "" : "&currency=" + currency);
    }

    /** The zone and currency only, for links to views whose own default range fits them better (cohorts: a year). */
    public String zoneQuery() {
        return "zone=" + encode(zone.getId()) + (currency.isEmpty() ? "" : "&currency=" + currency);
    }

    private static ZoneId zone(String zone) {
        if (blank(zone)) {
            return ZoneId.of("UTC");
        }
        try {
            return ZoneId.of(zone.strip());
        } catch (DateTimeException e) {
            throw new BadView("zone", "is not an IANA time zone such as Europe/Berlin");
        }
    }

    private static LocalDate date(String name, String value) {
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new BadView(name, "must be a date as 2026-12-01");
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    public static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** A view parameter that cannot be used: shown on the page with the parameter's name and the reason. */
    public static final class BadView extends RuntimeException {
        private final String parameter;

        public BadView(String parameter, String reason) {
            super(parameter + " " + reason, null, false, false);
            this.parameter = parameter;
        }

        public String parameter() {
            return parameter;
        }
    }
}
