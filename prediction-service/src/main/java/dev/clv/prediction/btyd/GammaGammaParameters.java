package dev.clv.prediction.btyd;

/** Gamma-Gamma spend parameters: a purchase's value ~ Gamma(p, nu), nu ~ Gamma(q, v) per customer. */
public record GammaGammaParameters(double p, double q, double v) {
    double[] toArray() {
        return new double[]{p, q, v};
    }

    static GammaGammaParameters of(double[] values) {
        return new GammaGammaParameters(values[0], values[1], values[2]);
    }
}
