package dev.clv.console.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The dashboard's figures from report rows, and their change against the period before, worked out by hand. */
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

    @Test
    void aRangesTotalsAddThePeriodsOfTheReports() throws Exception {
        ObjectMapper json = dev.clv.console.api.PlatformApi.JSON;
        var revenue = json.readTree(
                """
                        {"data":{"currency":"USD","missing_rates":["GBP"],"periods":[
                          {"period":"2026-03-01","orders":2,"gross_revenue":30.50,"refunds":0,"refund_total":0,"net_revenue":30.50},
                          {"period":"2026-03-02","orders":0,"gross_revenue":0,"refunds":1,"refund_total":10.00,"net_revenue":-10.00},
                          {"period":"2026-03-03","orders":1,"gross_revenue":9.25,"refunds":0,"refund_total":0,"net_revenue":9.25}]}}""");
        var retention = json.readTree("""
                {"data":{"periods":[{"new_buyers":2},{"new_buyers":0},{"new_buyers":1}]}}""");
        RevenueFigures f = RevenueFigures.of(revenue, retention);
        assertEquals(3, f.orders());
        assertEquals(new BigDecimal("29.75"), f.net());
        assertEquals(new BigDecimal("39.75"), f.gross());
        assertEquals(new BigDecimal("13.25"), f.averageOrderValue(), "39.75 / 3");
        assertEquals(1, f.refunds());
        assertEquals(3, f.newBuyers());
        assertEquals("USD", f.currency());
        assertEquals(java.util.List.of("GBP"), f.missingRates());
        assertEquals(3, f.series().size());
        assertEquals(new BigDecimal("10.00"), f.series().get(1).refunds());
    }

    private static Kpi kpi(String value, String previous) {
        return new Kpi("x", "X", new BigDecimal(value), new BigDecimal(previous), 1, "");
    }
}
