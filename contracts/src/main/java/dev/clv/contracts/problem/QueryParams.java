package dev.clv.contracts.problem;

/**
 * Typed query parameters read by hand: JAX-RS answers 404 for a parameter it cannot convert, where a caller
 * deserves a 400 problem that names the parameter and the reason.
 */
public final class QueryParams {
    private QueryParams() {
    }

    public static int intIn(String name, String value, int defaultValue, int min, int max) {
        return (int) longIn(name, value, defaultValue, min, max);
    }

    public static long longIn(String name, String value, long defaultValue, long min, long max) {
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        long parsed;
        try {
            parsed = Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest(name, "must be a whole number, got '" + value + "'");
        }
        if (parsed < min || parsed > max) {
            throw ProblemException.badRequest(name, "must be between " + min + " and " + max);
        }
        return parsed;
    }
}
