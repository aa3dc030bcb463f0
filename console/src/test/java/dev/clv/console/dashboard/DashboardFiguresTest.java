package dev.clv.console.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The dashboard's figures from the API's answers, worked out by hand. */
class DashboardFiguresTest {

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
                {"data":{"periods":[{"new_buyers":2,"returning_customers":4},{"new_buyers":0},{"new_buyers":1}]}}""");
        RevenueFigures f = RevenueFigures.of(revenue, retention);
        assertEquals(3, f.orders());
        assertEquals(new BigDecimal("29.75"), f.net());
        assertEquals(new BigDecimal("39.75"), f.gross());
        assertEquals(new BigDecimal("13.25"), f.averageOrderValue(), "39.75 / 3");
        assertEquals(1, f.refunds());
        assertEquals(3, f.newBuyers());
        assertEquals("USD", f.currency());
        assertEquals(java.util.List.of("GBP"), f.missingRates());
        assertEquals(3, f.periods().size());
        assertEquals(new BigDecimal("10.00"), f.periods().get(1).refundTotal());
        assertEquals(2, f.periods().get(0).newBuyers());
        assertEquals(4, f.periods().get(0).returningBuyers());
    }

    @Test
    void customerFiguresFromTheSegmentHealthAndLifecycleAnswers() throws Exception {
        ObjectMapper json = dev.clv.console.api.PlatformApi.JSON;
        var ltv = json.readTree("""
                {"data":[{"customers":3,"total_ltv":300.00,"scored_customers":2,"avg_predicted_clv":10.00},
                  {"customers":1,"total_ltv":101.00,"scored_customers":1,"avg_predicted_clv":40.00},
                  {"customers":2,"total_ltv":0,"scored_customers":0}]}""");
        var health = json.readTree("""
                {"data":[{"status":"Active","customers":4},{"status":"At Risk","customers":7}]}""");
        var lifecycle = json.readTree("""
                {"data":{"stages_at_start":{"New":6,"Repeat":3,"Loyal":1,"Lapsed":50,"Prospect":9},
                  "stages_at_end":{"New":5,"Repeat":2,"Loyal":1}}}""");
        CustomerFigures f = CustomerFigures.of(ltv, health, lifecycle);
        assertEquals(new BigDecimal("66.83"), f.averageLtv(), "401 / 6 = 66.833…");
        assertEquals(new BigDecimal("20.00"), f.predictedClv(), "(2 × 10 + 1 × 40) / 3");
        assertEquals(3, f.scored());
        assertEquals(7, f.atRisk());
        assertEquals(new BigDecimal("40.0"), f.repeatRateStart(), "(3 + 1) / (6 + 3 + 1): lapsed and prospects out");
        assertEquals(new BigDecimal("37.5"), f.repeatRateEnd(), "(2 + 1) / (5 + 2 + 1)");
        assertNull(CustomerFigures.of(json.readTree("{\"data\":[]}"), health, json.readTree("{}")).averageLtv());
    }
}
