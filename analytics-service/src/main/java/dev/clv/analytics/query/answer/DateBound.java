package dev.clv.analytics.query.answer;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.clv.contracts.problem.ProblemException;

/**
 * A date or time parameter as the instants it spans: from its {@code start} up to {@code end} (exclusive), the
 * whole unit it is written to. {@code YYYY-MM-DD} is a local day of the tenant's time zone (DST-aware),
 * {@code YYYY-MM-DD HH:MM:SS} a local second (Tinybird's DateTime), ISO-8601 with an offset the minute, second or
 * fraction it is written to. So a window [start_date.start, end_date.end) keeps every row that, written to the
 * parameter's precision, is between the two inclusive, as the older systems compared.
 */
public record DateBound(Instant start, Instant end, ZoneId zone) {
    static final String FORMS = "a date as YYYY-MM-DD, a local time as 'YYYY-MM-DD HH:MM:SS', or ISO-8601 with an "
            + "offset such as 2024-01-31T09:30:00+01:00 or ...Z";
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss")
            .withResolverStyle(ResolverStyle.STRICT);
    // the time of an ISO value, and its offset; a '+' sent unencoded in a query string arrives as a space
    private static final Pattern ISO = Pattern.compile(
            "(\\d{4}-\\d{2}-\\d{2})T(\\d{2}:\\d{2}(?::\\d{2}(?:\\.(\\d{1,6}))?)?)(Z|[+ -]\\d{2}:\\d{2})");

    /** The local day of the bound's start, in its zone: "today" of a window that ends here. */
    public LocalDate startDay() {
        return LocalDate.ofInstant(start, zone);
    }

    /** Reads {@code text} (non-blank) of parameter {@code name}; anything else is a 400 naming it. */
    public static DateBound parse(String name, String text, ZoneId zone) {
        try {
            if (text.length() == 10) {
                LocalDate day = LocalDate.parse(text, DATE);
                return new DateBound(day.atStartOfDay(zone).toInstant(), day.plusDays(1).atStartOfDay(zone)
                        .toInstant(), zone);
            }
            if (text.length() == 19 && text.charAt(10) == ' ') {
                // a time in a DST gap moves forward by the gap, one that occurs twice is the earlier (as ingestion)
                Instant at = LocalDateTime.parse(text, LOCAL).atZone(zone).toInstant();
                return new DateBound(at, at.plusSeconds(1), zone);
            }
            Matcher iso = ISO.matcher(text);
            if (iso.matches()) {
                String offset = iso.group(4).charAt(0) == ' ' ? "+" + iso.group(4).substring(1) : iso.group(4);
                Instant at = OffsetDateTime.parse(iso.group(1) + "T" + iso.group(2) + offset).toInstant();
                return new DateBound(at, at.plus(unit(iso.group(2), iso.group(3))), zone);
            }
        } catch (DateTimeException e) {
            // an impossible date or time: reported below
        }
        throw ProblemException.badRequest(name, "must be " + FORMS + ", got '" + text + "'");
    }

    private static Duration unit(String time, String fraction) {
        if (time.length() == 5) {
            return Duration.ofMinutes(1);
        }
        return fraction == null ? Duration.ofSeconds(1) : Duration.ofNanos((long) Math.pow(10, 9 - fraction.length()));
    }
}
