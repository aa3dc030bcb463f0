package dev.clv.datagen;

import org.hipparchus.random.RandomDataGenerator;

/** A categorical distribution written as {@code "value:weight,value:weight"}. */
record Weighted(String[] values, double[] cumulative) {
    static Weighted of(String spec) {
        String[] parts = spec.split(",");
        String[] values = new String[parts.length];
        double[] cumulative = new double[parts.length];
        double total = 0;
        for (int i = 0; i < parts.length; i++) {
            String[] pair = parts[i].split(":");
            values[i] = pair[0];
            total += Double.parseDouble(pair[1]);
            cumulative[i] = total;
        }
        for (int i = 0; i < cumulative.length; i++) {
            cumulative[i] /= total;
        }
        return new Weighted(values, cumulative);
    }

    String pick(RandomDataGenerator random) {
        double u = random.nextDouble();
        for (int i = 0; i < cumulative.length; i++) {
            if (u < cumulative[i]) {
                return values[i];
            }
        }
        return values[values.length - 1];
    }
}
