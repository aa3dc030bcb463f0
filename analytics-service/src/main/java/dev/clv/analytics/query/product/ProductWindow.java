package dev.clv.analytics.query.product;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;

import dev.clv.analytics.query.answer.AnswerParams;
import dev.clv.contracts.problem.ProblemException;

/**
 * The months a product answer sums ({@code from}, {@code to}: inclusive, either open) and its lifecycle reference
 * month ({@code reference_date}; null: the tenant's newest month with a purchase). The rollups are per UTC month,
 * so each parameter is a month ({@code YYYY-MM}) or a date ({@code YYYY-MM-DD}) standing for its whole month.
 */
public record ProductWindow(YearMonth from, YearMonth to, YearMonth reference) {
    /** The most months a bounded window, and so a monthly series, may hold. */
    static final int MAX_MONTHS = 1200;

    static ProductWindow of(AnswerParams params) {
        YearMonth from = month(params, "from");
        YearMonth to = month(params, "to");
        if (from != null && to != null) {
            if (to.isBefore(from)) {
                throw ProblemException.badRequest("to", "must not be before from");
            }
            if (ChronoUnit.MONTHS.between(from, to) >= MAX_MONTHS) {
                throw ProblemException.badRequest("from", "the window holds more than " + MAX_MONTHS + " months");
            }
        }
        return new ProductWindow(from, to, month(params, "reference_date"));
    }

    /** The first day of a month, as the rollups key it; null for none. */
    static LocalDate day(YearMonth month) {
        return month == null ? null : month.atDay(1);
    }

    private static YearMonth month(AnswerParams params, String name) {
        String text = params.text(name);
        if (text == null) {
            return null;
        }
        try {
            YearMonth month = switch (text.length()) {
                case 7 -> YearMonth.parse(text);
                case 10 -> YearMonth.from(LocalDate.parse(text));
                default -> null;
            };
            // PostgreSQL has no year 0, and a five-digit year is a typing slip
            if (month != null && month.getYear() >= 1 && month.getYear() <= 9999) {
                return month;
            }
        } catch (DateTimeException e) {
            // reported below
        }
        throw ProblemException.badRequest(name, "must be a month as YYYY-MM or a date as YYYY-MM-DD, got '" + text
                + "'");
    }
}
