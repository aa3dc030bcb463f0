package dev.clv.prediction.btyd;

/**
 * One customer's calibration summary in the model's time unit: {@code x} repeat purchases (purchase days after the
 * first), the last at {@code tX} and the calibration end at {@code t}, both measured from the first purchase, and
 * {@code monetary} the mean value of the repeat purchases (0 when there are none).
 */
public record PurchaseHistory(int x, double tX, double t, double monetary) {
    public PurchaseHistory {
        if (x < 0 || tX < 0 || t < tX || (x == 0 && tX != 0)) {
            throw new IllegalArgumentException("inconsistent history: x=" + x + ", t_x=" + tX + ", T=" + t);
        }
    }
}
