package dev.clv.console.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;

/** A figure's change against the period before, worked out by hand. */
class KpiTest {

    @Test
    void changesAgainstThePeriodBefore() {
        assertEquals("+25.0%", kpi("125", "100").delta());
        assertEquals("−12.5%", kpi("70", "80").delta());
        assertEquals("0.0%", kpi("5", "5").delta());
        assertEquals("new", kpi("3", "0").delta());
        assertEquals("0.0%", kpi("0", "0").delta());
        assertEquals("+200.0%", kpi("10", "-10").delta(), "from a net loss of 10 to a gain of 10");
        assertEquals("–", new Kpi("x", "X", null, BigDecimal.ONE, 2, "").delta());
        assertEquals("up", kpi("2", "1").trend());
        assertEquals("12.35", new Kpi("x", "X", new BigDecimal("12.345"), null, 2, "").shown());
    }

    private static Kpi kpi(String value, String previous) {
        return new Kpi("x", "X", new BigDecimal(value), new BigDecimal(previous), 1, "");
    }
}
