package dev.clv.prediction.btyd;

/** BG/NBD parameters: purchase rate lambda ~ Gamma(r, alpha), dropout after a purchase p ~ Beta(a, b). */
public record BgNbdParameters(double r, double alpha, double a, double b) {
    double[] toArray() {
        return new double[]{r, alpha, a, b};
    }

    static BgNbdParameters of(double[] values) {
        return new BgNbdParameters(values[0], values[1], values[2], values[3]);
    }
}
