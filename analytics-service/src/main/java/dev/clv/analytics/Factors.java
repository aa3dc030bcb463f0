package dev.clv.analytics;

/** The factors of ltv_influencing_factors, listed once for the projection's histogram and the pipe. */
public final class Factors {
    private Factors() {
    }

    /**
     * A VALUES list of (factor, value) over a row aliased {@code alias} with the columns of customer_factors; factor
     * 'all' (value '') counts every customer, for the overall mean.
     */
    public static String values(String alias) {
        return "('all', ''), ('country', %1$s.country), ('city', %1$s.city), ('age_band', %1$s.age_band), "
                .formatted(alias)
                + "('gender', %1$s.gender), ('acquisition_source', %1$s.acquisition_source), "
                        .formatted(alias)
                + "('segment', %1$s.segment), ('channel', %1$s.channel), ('payment_method', %1$s.payment_method)"
                        .formatted(alias);
    }
}
