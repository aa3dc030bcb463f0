package dev.clv.analytics.query.c360;

import dev.clv.analytics.query.answer.AnswerParams;
import io.smallrye.mutiny.Uni;

/** One Customer 360 answer, addressed as {@code /v1/{area}/{name}}. */
public interface Insight {
    /** {@code area/name}, e.g. {@code marketing/customer-health-overview}. */
    String path();

    Uni<Result> run(String tenant, AnswerParams params);

    /** Whether it reads every customer of the tenant (then a live answer takes a {@code HeavyAnswers} permit). */
    default boolean heavy() {
        return true;
    }

    /** The data (a list or an object), how many items it holds, and the cursor of the next page if paged. */
    record Result(Object data, int count, String nextCursor) {
        public static Result of(java.util.List<?> rows) {
            return new Result(rows, rows.size(), null);
        }
    }
}
