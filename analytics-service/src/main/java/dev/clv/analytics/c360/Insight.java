package dev.clv.analytics.c360;

import dev.clv.analytics.pipe.PipeParams;
import io.smallrye.mutiny.Uni;

/** One Customer 360 answer, addressed as {@code /v1/{area}/{name}}. */
public interface Insight {
    /** {@code area/name}, e.g. {@code marketing/customer-health-overview}. */
    String path();

    Uni<Result> run(String tenant, PipeParams params);

    /** The data (a list or an object), how many items it holds, and the cursor of the next page if paged. */
    record Result(Object data, int count, String nextCursor) {
        public static Result of(java.util.List<?> rows) {
            return new Result(rows, rows.size(), null);
        }
    }
}
