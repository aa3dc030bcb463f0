package dev.clv.analytics.query.answer;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Set;

import jakarta.ws.rs.core.MultivaluedMap;

import dev.clv.contracts.problem.ProblemException;
import dev.clv.contracts.problem.QueryParams;

/**
 * A pipe's query parameters, typed: a value that does not parse is a 400 problem naming the parameter. Unknown
 * parameters are ignored, as Tinybird does; {@code tenant_id} in particular never selects a tenant. {@code zone} is
 * the caller tenant's time zone, in which local dates and times are read ({@link #window}).
 */
public record AnswerParams(MultivaluedMap<String, String> query, ZoneId zone) {
    public static final int MAX_LIMIT = 10_000;

    /** Parameters whose local dates are UTC days. */
    public AnswerParams(MultivaluedMap<String, String> query) {
        this(query, ZoneOffset.UTC);
    }

    public String text(String name) {
        String value = query.getFirst(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > 200) {
            throw ProblemException.badRequest(name, "must be at most 200 characters");
        }
        return value.strip();
    }

    public String oneOf(String name, Set<String> allowed) {
        String value = text(name);
        if (value != null && !allowed.contains(value)) {
            throw ProblemException.badRequest(name, "must be one of " + allowed + ", got '" + value + "'");
        }
        return value;
    }

    public LocalDate date(String name) {
        String value = text(name);
        try {
            return value == null ? null : LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest(name, "must be a date as YYYY-MM-DD, got '" + value + "'");
        }
    }

    public Boolean bool(String name) {
        String value = text(name);
        if (value == null) {
            return null;
        }
        return switch (value.toLowerCase()) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw ProblemException.badRequest(name, "must be true or false, got '" + value + "'");
        };
    }

    public java.math.BigDecimal decimal(String name) {
        String value = text(name);
        try {
            return value == null ? null : new java.math.BigDecimal(value);
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest(name, "must be a decimal number, got '" + value + "'");
        }
    }

    public int integer(String name, int defaultValue, int min, int max) {
        return QueryParams.intIn(name, query.getFirst(name), defaultValue, min, max);
    }

    public int limit(int defaultValue) {
        return integer("limit", defaultValue, 1, MAX_LIMIT);
    }

    /**
     * Two date parameters as a window of instants in the tenant's zone ({@link DateBound}: local days, local
     * seconds or ISO-8601 instants, each end inclusive of the unit it names), refusing one that ends before it
     * starts.
     */
    public TimeWindow window(String startName, String endName) {
        String startText = text(startName);
        String endText = text(endName);
        DateBound start = startText == null ? null : DateBound.parse(startName, startText, zone);
        DateBound end = endText == null ? null : DateBound.parse(endName, endText, zone);
        if (start != null && end != null && !end.end().isAfter(start.start())) {
            throw ProblemException.badRequest(endName, "must not be before " + startName);
        }
        return TimeWindow.of(start, end, zone);
    }

    /** start_date and end_date (both inclusive, UTC days), refusing a range that ends before it starts. */
    public LocalDate[] range() {
        LocalDate start = date("start_date");
        LocalDate end = date("end_date");
        if (start != null && end != null && end.isBefore(start)) {
            throw ProblemException.badRequest("end_date", "must not be before start_date");
        }
        return new LocalDate[]{start, end};
    }
}
