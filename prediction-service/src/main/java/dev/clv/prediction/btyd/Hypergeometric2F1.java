package dev.clv.prediction.btyd;

/**
 * Gauss's hypergeometric function 2F1(a, b; c; z) for 0 <= z < 1, as BG/NBD needs it. Hipparchus has no 2F1, so
 * the series is summed here; callers use Euler's transformation 2F1(a, b; c; z) = (1 - z)^(c - a - b) 2F1(c - a,
 * c - b; c; z), whose terms shrink like k^(a + b - c - 1) z^k instead of growing with the purchase count.
 */
public final class Hypergeometric2F1 {
    private static final int MAX_TERMS = 200_000;
    private static final double TOLERANCE = 1e-15;

    private Hypergeometric2F1() {
    }

    /** The plain series sum over k of (a)_k (b)_k / ((c)_k k!) z^k. */
    public static double series(double a, double b, double c, double z) {
        if (z < 0 || z >= 1) {
            throw new IllegalArgumentException("z must be in [0, 1): " + z);
        }
        double term = 1;
        double sum = 1;
        for (int k = 0; k < MAX_TERMS; k++) {
            term *= (a + k) * (b + k) / ((c + k) * (k + 1)) * z;
            sum += term;
            if (Math.abs(term) <= TOLERANCE * Math.abs(sum)) {
                return sum;
            }
        }
        throw new ArithmeticException("2F1(" + a + ", " + b + "; " + c + "; " + z + ") did not converge");
    }

    /**
     * The natural log of the series, for positive a, b, c: the running sum is rescaled whenever it grows past
     * 1e200, so a series whose value is beyond a double (large a and b, as a fit of a near-certain dropout
     * probability gives) still yields its logarithm, at the cost of the plain series.
     */
    public static double logSeries(double a, double b, double c, double z) {
        if (a <= 0 || b <= 0 || c <= 0) {
            return Math.log(series(a, b, c, z));
        }
        if (z < 0 || z >= 1) {
            throw new IllegalArgumentException("z must be in [0, 1): " + z);
        }
        double term = 1;
        double sum = 1;
        double scale = 0;
        for (int k = 0; k < MAX_TERMS; k++) {
            term *= (a + k) * (b + k) / ((c + k) * (k + 1)) * z;
            sum += term;
            if (term <= TOLERANCE * sum) {
                return Math.log(sum) + scale;
            }
            if (sum > 1e200) {
                sum *= 1e-200;
                term *= 1e-200;
                scale += 200 * Math.log(10);
            }
        }
        throw new ArithmeticException("2F1(" + a + ", " + b + "; " + c + "; " + z + ") did not converge");
    }

    /** 2F1(a, b; c; z) through Euler's transformation. */
    public static double euler(double a, double b, double c, double z) {
        return Math.pow(1 - z, c - a - b) * series(c - a, c - b, c, z);
    }
}
