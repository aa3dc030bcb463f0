package dev.clv.prediction.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.clv.contracts.problem.ProblemException;

/** The default window's rule on dates counted by hand (CDNOW's odd span: SeedTrainingTest). */
class DefaultWindowTest {
    private static final TrainRequest EMPTY = new TrainRequest(null, null, "days", Map.of("seed", 3));

    private static TrainRequest window(String first, String newest) {
        return DefaultWindow.window(EMPTY, LocalDate.parse(first), LocalDate.parse(newest));
    }

    @Test
    void theHoldoutIsTheLaterHalfOfTheHistory() {
        // 2024-03-01 to 2024-05-31 spans 91 days (31 + 30 + 30): the holdout is the later 46, after 2024-04-15
        TrainRequest w = window("2024-03-01", "2024-05-31");
        assertEquals(LocalDate.parse("2024-04-15"), w.calibrationEnd());
        assertEquals(LocalDate.parse("2024-05-31"), w.holdoutEnd());
        assertEquals("days", w.timeUnit());
        assertEquals(Map.of("seed", 3), w.hyperparameters());
    }

    @Test
    void theHoldoutNeverExceedsAYear() {
        // two years of sample data (730 days) split at one year; five years keep the last 365 days only (2024 is
        // a leap year, so 365 days before its last day is its first)
        assertEquals(LocalDate.parse("2024-01-01"), window("2023-01-01", "2024-12-31").calibrationEnd());
        assertEquals(LocalDate.parse("2024-01-01"), window("2020-01-01", "2024-12-31").calibrationEnd());
    }

    @Test
    void twoDaysAreTheLeastThatSplit() {
        TrainRequest w = window("2024-03-01", "2024-03-02");
        assertEquals(LocalDate.parse("2024-03-01"), w.calibrationEnd());
        assertEquals(LocalDate.parse("2024-03-02"), w.holdoutEnd());
        ProblemException oneDay = assertThrows(ProblemException.class, () -> window("2024-03-01", "2024-03-01"));
        assertEquals(409, oneDay.problem().status());
    }
}
