package dev.clv.contracts.rfm;

import java.util.List;

/**
 * RFM scoring and the standard named segments, in SQL so that every answer (analytics pipes, segment criteria)
 * scores the same way.
 *
 * <p>
 * A score is the quintile of the customer's rank among the scored customers: 1 + floor(5 × (customers strictly
 * worse) / customers), so equal values always share a score (a plain ntile would split them arbitrarily). Recency
 * is better when the last purchase is more recent, frequency and monetary when higher. The named segment comes
 * from R and F by the usual RFM grid; the one cell R=1, F=1 is called Lost.
 */
public final class RfmSegments {
    public static final List<String> NAMES = List.of("Champions", "Loyal Customers", "Potential Loyalist",
            "New Customers", "Promising", "Need Attention", "About to Sleep", "At Risk", "Can't Lose Them",
            "Hibernating", "Lost");

    /** The quintile score of {@code value} (higher is better) among the rows of the query. */
    public static String score(String value) {
        return "(1 + floor(5 * (rank() OVER (ORDER BY " + value + ") - 1)::numeric / count(*) OVER ()))::int";
    }

    /** The segment name for integer columns {@code r} and {@code f}. */
    public static String segment(String r, String f) {
        return """
                CASE WHEN %1$s = 5 AND %2$s >= 4 THEN 'Champions'
                  WHEN %1$s IN (3, 4) AND %2$s >= 4 THEN 'Loyal Customers'
                  WHEN %1$s >= 4 AND %2$s IN (2, 3) THEN 'Potential Loyalist'
                  WHEN %1$s = 5 AND %2$s = 1 THEN 'New Customers'
                  WHEN %1$s = 4 AND %2$s = 1 THEN 'Promising'
                  WHEN %1$s = 3 AND %2$s = 3 THEN 'Need Attention'
                  WHEN %1$s = 3 AND %2$s <= 2 THEN 'About to Sleep'
                  WHEN %1$s <= 2 AND %2$s = 5 THEN 'Can''t Lose Them'
                  WHEN %1$s <= 2 AND %2$s >= 3 THEN 'At Risk'
                  WHEN %1$s = 1 AND %2$s = 1 THEN 'Lost'
                  ELSE 'Hibernating' END""".formatted(r, f);
    }

    private RfmSegments() {
    }
}
