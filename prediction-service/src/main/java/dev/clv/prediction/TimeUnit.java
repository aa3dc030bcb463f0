package dev.clv.prediction;

import java.util.Arrays;

import dev.clv.contracts.problem.ProblemException;

/** Time units of training (days, weeks) and of prediction horizons (also months of 30.4375 days). */
public enum TimeUnit {
    DAYS("days", 1), WEEKS("weeks", 7), MONTHS("months", 30.4375);

    private final String apiName;
    private final double days;

    TimeUnit(String apiName, double days) {
        this.apiName = apiName;
        this.days = days;
    }

    public String apiName() {
        return apiName;
    }

    public double days() {
        return days;
    }

    /** {@code amount} of this unit expressed in {@code other}. */
    public double in(TimeUnit other, double amount) {
        return amount * days / other.days;
    }

    public static TimeUnit parse(String value, String field, boolean monthsAllowed) {
        return Arrays.stream(values()).filter(u -> u.apiName.equals(value) && (monthsAllowed || u != MONTHS))
                .findFirst().orElseThrow(() -> ProblemException.badRequest(field,
                        monthsAllowed ? "must be days, weeks or months" : "must be days or weeks"));
    }
}
