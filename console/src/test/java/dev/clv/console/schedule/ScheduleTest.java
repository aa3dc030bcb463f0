package dev.clv.console.schedule;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.clv.console.view.ViewParams;

/**
 * When schedules run, worked out by hand from the zone's rules: wall-clock time kept across DST changes (the gap
 * and the repeated hour), weekdays, short months; the range each run reports on; the form's checks; sealed tokens.
 */
class ScheduleTest {
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static Schedule at(String cadence, Integer dow, Integer dom, String time, ZoneId zone) {
        return new Schedule(UUID.randomUUID(), "t", "sub", "ann", "dashboard", Map.of(), 7, cadence, dow, dom,
                LocalTime.parse(time), zone, null, null, null, null);
    }

    @Test
    void aDailyRunKeepsItsWallClockTimeAcrossDst() {
        Schedule daily = at("daily", null, null, "08:00", BERLIN);
        // 08:00 in Berlin is 07:00 UTC in winter (CET, +1) and 06:00 UTC in summer (CEST, +2); DST began 2026-03-29
        assertEquals(Instant.parse("2026-03-28T07:00:00Z"), daily.nextAfter(Instant.parse("2026-03-27T07:00:00Z")));
        assertEquals(Instant.parse("2026-03-29T06:00:00Z"), daily.nextAfter(Instant.parse("2026-03-28T07:00:00Z")));
        // asked at 08:00 exactly: strictly after, so the next day
        assertEquals(Instant.parse("2026-03-30T06:00:00Z"), daily.nextAfter(Instant.parse("2026-03-29T06:00:00Z")));
    }

    @Test
    void aTimeInTheGapRunsAnHourLaterAndARepeatedTimeRunsAtItsFirst() {
        // 02:30 did not exist in Berlin on 2026-03-29 (02:00 CET went to 03:00 CEST): it runs at 03:30 CEST
        Schedule gap = at("daily", null, null, "02:30", BERLIN);
        assertEquals(Instant.parse("2026-03-29T01:30:00Z"), gap.nextAfter(Instant.parse("2026-03-28T12:00:00Z")));
        // 02:30 happened twice on 2026-10-25 (CEST then CET): the first, 00:30 UTC; the next day 01:30 UTC
        assertEquals(Instant.parse("2026-10-25T00:30:00Z"), gap.nextAfter(Instant.parse("2026-10-24T12:00:00Z")));
        assertEquals(Instant.parse("2026-10-26T01:30:00Z"), gap.nextAfter(Instant.parse("2026-10-25T00:30:00Z")));
    }

    @Test
    void weeklyOnItsWeekdayAndMonthlyOnTheLastDayOfShortMonths() {
        // 2026-12-03 is a Thursday; weekly on Mondays (1) at 09:15 in Auckland (+13 in December)
        Schedule weekly = at("weekly", 1, null, "09:15", ZoneId.of("Pacific/Auckland"));
        assertEquals(Instant.parse("2026-12-06T20:15:00Z"), weekly.nextAfter(Instant.parse("2026-12-03T00:00:00Z")));
        // monthly on the 31st: February 2027 has 28 days, April 30
        Schedule monthly = at("monthly", null, 31, "06:00", ZoneId.of("UTC"));
        assertEquals(Instant.parse("2027-01-31T06:00:00Z"), monthly.nextAfter(Instant.parse("2026-12-31T06:00:00Z")));
        assertEquals(Instant.parse("2027-02-28T06:00:00Z"), monthly.nextAfter(Instant.parse("2027-01-31T06:00:00Z")));
        assertEquals(Instant.parse("2027-03-31T06:00:00Z"), monthly.nextAfter(Instant.parse("2027-02-28T06:00:00Z")));
        assertEquals(Instant.parse("2027-04-30T06:00:00Z"), monthly.nextAfter(Instant.parse("2027-03-31T06:00:00Z")));
    }

    @Test
    void aRunReportsOnTheDaysBeforeItsOwnLocalDay() {
        // 7 days; a run at 00:30 on 2026-12-04 in Auckland is still 2026-12-03 in UTC: the local day counts
        Schedule s = at("daily", null, null, "00:30", ZoneId.of("Pacific/Auckland"));
        assertArrayEquals(new LocalDate[]{LocalDate.parse("2026-11-27"), LocalDate.parse("2026-12-03")}, s
                .rangeFor(Instant.parse("2026-12-03T11:30:00Z")));
    }

    @Test
    void theFormNamesAWrongField() {
        Map<String, String> form = new HashMap<>(Map.of("view", "at-risk", "params", "min_value=100&from=2020-01-01",
                "days", "30", "cadence", "weekly", "day_of_week", "5", "time", "07:45", "zone", "Europe/Berlin",
                "email", "ann@example.com"));
        Schedule s = ScheduleForm.read(form, "t", "sub", "ann", Instant.parse("2026-12-03T10:00:00Z"));
        // the range is the schedule's own: from/to in the parameters are dropped; Friday 2026-12-04 07:45 CET
        assertEquals(Map.of("min_value", "100"), s.params());
        assertEquals(Instant.parse("2026-12-04T06:45:00Z"), s.nextRunAt());
        for (Map.Entry<String, String> wrong : Map.of("view", "admin", "days", "0", "cadence", "hourly", "time",
                "25:00", "zone", "Mars/Olympus", "email", "nobody", "day_of_week", "8").entrySet()) {
            Map<String, String> bad = new HashMap<>(form);
            bad.put(wrong.getKey(), wrong.getValue());
            assertEquals(wrong.getKey(), assertThrows(ViewParams.BadView.class, () -> ScheduleForm.read(bad, "t",
                    "sub", "ann", Instant.now())).parameter());
        }
        Map<String, String> product = new HashMap<>(form);
        product.put("view", "product");
        assertEquals("params", assertThrows(ViewParams.BadView.class, () -> ScheduleForm.read(product, "t", "sub",
                "ann", Instant.now())).parameter());
    }

    @Test
    void aSealedTokenOpensOnlyForItsSchedule() {
        TokenVault vault = new TokenVault("a-session-secret-of-enough-length");
        byte[] sealed = vault.seal("offline-token", "schedule-1");
        assertEquals("offline-token", vault.open(sealed, "schedule-1"));
        assertThrows(IllegalStateException.class, () -> vault.open(sealed, "schedule-2"));
        assertThrows(IllegalStateException.class, () -> new TokenVault("another-secret-entirely").open(sealed,
                "schedule-1"));
    }

    @Test
    void aViewsLinkPrefillsTheForm() {
        Map<String, String> draft = ReportsPage.draft(Map.of("view", "products/p%201", "from", "2026-11-01", "to",
                "2026-11-30", "zone", "Asia/Tokyo", "sort", "buyers"));
        assertEquals("product", draft.get("view"));
        assertEquals("id=p+1&sort=buyers", draft.get("params"));
        assertEquals("30", draft.get("days"));
        assertEquals("Asia/Tokyo", draft.get("zone"));
    }
}
