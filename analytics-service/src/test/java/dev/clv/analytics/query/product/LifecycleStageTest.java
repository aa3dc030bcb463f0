package dev.clv.analytics.query.product;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;
import java.time.YearMonth;

import org.junit.jupiter.api.Test;

/**
 * The lifecycle rules of docs/analytics.md on hand-worked cases, reference month 2024-06 throughout: recent is
 * April–June, previous January–March, and a first sale after 2023-12 is still an introduction.
 */
class LifecycleStageTest {
    private static final YearMonth JUNE = YearMonth.of(2024, 6);
    private static final YearMonth LONG_AGO = YearMonth.of(2023, 1);

    @Test
    void noPurchaseUpToTheReferenceMonthHasNoStage() {
        assertNull(LifecycleStage.of(JUNE, null, money("0"), money("0")));
        assertNull(LifecycleStage.of(JUNE, YearMonth.of(2024, 7), money("50"), money("0")));
        assertNull(LifecycleStage.of(null, LONG_AGO, money("50"), money("50")));
    }

    @Test
    void aFirstSaleWithinTheLastSixMonthsIsAnIntroduction() {
        // January 2024 to June 2024: six months up to and including the reference month
        assertEquals(LifecycleStage.INTRODUCTION, of(YearMonth.of(2024, 1), "0", "0"));
        assertEquals(LifecycleStage.INTRODUCTION, of(JUNE, "100", "0"));
        // December 2023: the previous window (January–March) is complete; 100 vs 100 is neither up nor down
        assertEquals(LifecycleStage.MATURITY, of(YearMonth.of(2023, 12), "100", "100"));
    }

    @Test
    void moreThanTenPercentUpIsGrowthAndMoreThanTenPercentDownIsDecline() {
        // 110.01 > 100 × 1.10 = 110: growth; exactly 110 is within the band: maturity
        assertEquals(LifecycleStage.GROWTH, of(LONG_AGO, "110.01", "100"));
        assertEquals(LifecycleStage.MATURITY, of(LONG_AGO, "110", "100"));
        // 89.99 < 100 × 0.90 = 90: decline; exactly 90 is maturity
        assertEquals(LifecycleStage.DECLINE, of(LONG_AGO, "89.99", "100"));
        assertEquals(LifecycleStage.MATURITY, of(LONG_AGO, "90", "100"));
        assertEquals(LifecycleStage.MATURITY, of(LONG_AGO, "95.50", "100"));
    }

    @Test
    void nothingEarnedLatelyIsDeclineAndSomethingAfterNothingIsGrowth() {
        // sold long ago, nothing in the last six months: decline (not maturity, though 0 is within 10 % of 0)
        assertEquals(LifecycleStage.DECLINE, of(LONG_AGO, "0", "0"));
        // refunds only in the recent window: net below zero
        assertEquals(LifecycleStage.DECLINE, of(LONG_AGO, "-20", "300"));
        // nothing (or refunds only) before, sales now: growth
        assertEquals(LifecycleStage.GROWTH, of(LONG_AGO, "5", "0"));
        assertEquals(LifecycleStage.GROWTH, of(LONG_AGO, "5", "-15"));
    }

    @Test
    void labelsAreWrittenInLowerCase() {
        assertEquals("introduction", LifecycleStage.INTRODUCTION.label());
        assertEquals("decline", LifecycleStage.DECLINE.label());
    }

    private static LifecycleStage of(YearMonth firstSale, String recent, String previous) {
        return LifecycleStage.of(JUNE, firstSale, money(recent), money(previous));
    }

    private static BigDecimal money(String value) {
        return new BigDecimal(value);
    }
}
