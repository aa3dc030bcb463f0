package dev.clv.console.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

/** The view's range, zone and currency as read from the URL, and the period before it. */
class ViewParamsTest {

    @Test
    void aRangeItsPreviousPeriodAndItsQuery() {
        ViewParams v = ViewParams.of("2026-03-01", "2026-03-31", "Europe/Berlin", "eur");
        assertEquals(31, v.days());
        assertEquals(new ViewParams(LocalDate.of(2026, 1, 29), LocalDate.of(2026, 2, 28), ZoneId.of("Europe/Berlin"),
                "EUR"), v.previous(), "the 31 days before March 1st");
        assertEquals("from=2026-03-01&to=2026-03-31&zone=Europe%2FBerlin&currency=EUR", v.query());
    }

    @Test
    void cohortViewsReadWholeUtcMonthsAroundTheRange() {
        // a leap February's end, and a range inside one month
        assertEquals("start_date=2023-12-01T00:00:00Z&end_date=2024-02-29T23:59:59Z", ViewParams.of("2023-12-17",
                "2024-02-03", "Pacific/Auckland", null).wholeMonths());
        assertEquals("start_date=2026-04-01T00:00:00Z&end_date=2026-04-30T23:59:59Z", ViewParams.of("2026-04-10",
                "2026-04-10", "UTC", null).wholeMonths());
    }

    @Test
    void withoutParametersTheLast30DaysToTodayInUtc() {
        ViewParams v = ViewParams.of(null, "", " ", null);
        assertEquals(LocalDate.now(ZoneId.of("UTC")), v.to());
        assertEquals(v.to().minusDays(29), v.from());
        assertEquals("", v.currency());
    }

    @Test
    void whatCannotBeReadIsNamed() {
        assertEquals("zone", assertThrows(ViewParams.BadView.class, () -> ViewParams.of(null, null, "Mars/Base",
                null)).parameter());
        assertEquals("to", assertThrows(ViewParams.BadView.class, () -> ViewParams.of(null, "31.12.2026", null,
                null)).parameter());
        assertEquals("from", assertThrows(ViewParams.BadView.class, () -> ViewParams.of("2026-02-01", "2026-01-01",
                null, null)).parameter());
        assertEquals("from", assertThrows(ViewParams.BadView.class, () -> ViewParams.of("2020-01-01", "2026-01-01",
                null, null)).parameter(), "more than three years");
        assertEquals("currency", assertThrows(ViewParams.BadView.class, () -> ViewParams.of(null, null, null,
                "E<R")).parameter());
    }
}
